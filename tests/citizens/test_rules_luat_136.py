"""Luật 136/2025/QH15 is in force from 01/7/2026. The research confirms no changed time limit
yet (vn-rules.md §2.9), so migration 0007 adds no rule: the 2011 limits keep applying. A rule
an administrator enters with effective_from 01/7/2026 applies from that day on, by the date
the petition was received."""

from datetime import date

import pytest

from citizens import services
from tests.citizens.factories import submit
from ward_portal.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_no_unconfirmed_rule_is_loaded_for_luat_136():
    assert not DeadlineRule.objects.filter(
        domain="citizens", effective_from__gte=date(2026, 7, 1)
    ).exists()


def test_complaints_either_side_of_01_07_2026_keep_the_2011_limit(ward_a):
    before = submit(ward_a, kind="complaint", when=date(2026, 6, 30))
    after = submit(ward_a, kind="complaint", when=date(2026, 7, 1))
    assert before.due_date == date(2026, 7, 10)  # thụ lý: 10 days (Luật KN 2011 Điều 27)
    assert after.due_date == date(2026, 7, 11)


def test_a_rule_in_force_from_01_07_2026_applies_by_the_day_received(ward_a):
    # Entered as an administrator would once a new limit is confirmed; 7 working days is the
    # value reported (unconfirmed) for NĐ 155/2026.
    DeadlineRule.objects.create(
        domain="citizens",
        kind="complaint",
        stage="classify",
        days=7,
        calendar="working_days",
        effective_from=date(2026, 7, 1),
        legal_basis="Luật số 136/2025/QH15",
    )
    assert services.compute_due(kind="complaint", stage="classify", start=date(2026, 6, 30)) == (
        date(2026, 7, 10)
    )
    assert services.compute_due(kind="complaint", stage="classify", start=date(2026, 7, 1)) == (
        date(2026, 7, 10)  # Wed 01/7 + 7 working days; the old rule would give 11/7
    )
    before = submit(ward_a, kind="complaint", when=date(2026, 6, 30))
    after = submit(ward_a, kind="complaint", when=date(2026, 7, 1))
    assert before.due_date == date(2026, 7, 10)
    assert after.due_date == date(2026, 7, 10)
    later = submit(ward_a, kind="complaint", when=date(2026, 7, 2))
    assert later.due_date == date(2026, 7, 13)  # Thu 02/7 + 7 working days
