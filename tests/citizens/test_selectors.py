from datetime import date

import pytest
import time_machine

from citizens import services
from citizens.choices import Conclusion
from citizens.models import Reception, ReceptionEntry
from citizens.selectors import (
    petition_figures_by_unit,
    petitions_by_topic_and_status,
    report_form_figures,
)
from tests.citizens.factories import submit

pytestmark = pytest.mark.django_db


def _resolve(petition, clerk, on, conclusion="", assigner=None):
    with time_machine.travel(on, tick=False):
        services.petition_classify(petition=petition, user=clerk, decision="accepted")
        # A denunciation is assigned by a leader (citizens.permissions.can_assign_petition).
        services.petition_assign(petition=petition, user=assigner or clerk, handler=clerk)
        return services.petition_resolve(
            petition=petition, user=clerk, answer="Xong.", conclusion=conclusion
        )


@pytest.fixture
def data(ward_a, ward_b, clerk_a, clerk_b, leader_a):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        a1 = submit(ward_a)
        a2 = submit(ward_a, kind="complaint")
        a3 = submit(ward_a, kind="denunciation")
        submit(ward_a)  # stays open: overdue by November
    _resolve(a1, clerk_a, date(2026, 3, 3))
    services.petition_rate(petition=a1, satisfied=True)
    _resolve(a2, clerk_a, date(2026, 3, 4), Conclusion.PARTLY_RIGHT)
    services.petition_rate(petition=a2, satisfied=False)
    _resolve(a3, clerk_a, date(2026, 3, 5), Conclusion.RIGHT, assigner=leader_a)
    reception = Reception.objects.create(
        unit=ward_a, date=date(2026, 3, 5), kind="periodic", receiver=clerk_a
    )
    ReceptionEntry.objects.create(reception=reception, number=1, citizen_name="A", content="x")
    ReceptionEntry.objects.create(
        reception=reception,
        number=2,
        citizen_name="Đoàn",
        group_size=7,
        representatives="B, C",
        content="y",
    )
    return ward_a, ward_b


def test_figures_by_unit(data, django_assert_num_queries):
    ward_a, ward_b = data
    with django_assert_num_queries(1):
        figures = petition_figures_by_unit(
            unit_ids=[ward_a.pk, ward_b.pk],
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            today=date(2026, 11, 29),
        )
    a = figures[ward_a.pk]
    assert (
        a.received,
        a.open_at_end,
        a.resolved,
        a.resolved_on_time,
        a.overdue_at_end,
        a.rated,
        a.satisfied,
    ) == (4, 1, 3, 3, 1, 2, 1)
    assert str(a.on_time_rate) == "100.00" and str(a.satisfaction_rate) == "50.00"
    assert figures[ward_b.pk].received == 0 and figures[ward_b.pk].on_time_rate is None


def test_by_topic_and_status(data):
    ward_a, _ = data
    rows = petitions_by_topic_and_status(
        unit_id=ward_a.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert {(r["topic"], r["status"], r["count"]) for r in rows} == {
        ("Trật tự đô thị", "resolved", 3),
        ("Trật tự đô thị", "received", 1),
    }


def test_report_forms(data, django_assert_num_queries):
    ward_a, ward_b = data
    with django_assert_num_queries(3):
        forms = report_form_figures(
            unit_ids=[ward_a.pk, ward_b.pk], start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
    tcd = forms["01/TCD"][ward_a.pk]
    assert (tcd["sessions"], tcd["people"], tcd["cases"], tcd["group_cases"]) == (1, 8, 2, 1)
    xld = forms["02/XLD"][ward_a.pk]
    assert (xld["received"], xld["complaint"], xld["denunciation"], xld["within_authority"]) == (
        4,
        1,
        1,
        3,
    )
    assert forms["03/GQKN"][ward_a.pk]["partly_right"] == 1
    assert forms["04/GQTC"][ward_a.pk]["right"] == 1
    assert forms["04/GQTC"][ward_b.pk]["received"] == 0
