from datetime import date

import pytest
import time_machine

from tests.meetings.factories import make_meeting


@pytest.fixture
def frozen():
    with time_machine.travel("2026-04-01 09:00 +0700", tick=False) as traveller:
        yield traveller


@pytest.fixture
def meeting_a(frozen, ward_a, leader_a, clerk_a):
    """A people's committee meeting of ward A: leader_a chairs, clerk_a records."""
    return make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 3, 10))


@pytest.fixture(autouse=True)
def deadline_rules(db):
    """The data migration's rules; a browser test's flush (transactional_db) may have wiped them
    from this worker's database."""
    from meetings.rules import ensure_rules
    from ward_portal.models import DeadlineRule

    ensure_rules(DeadlineRule)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads made by tests land in a temporary folder, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
