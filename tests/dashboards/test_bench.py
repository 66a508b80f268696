import io

import pytest
from django.core.management import call_command

from budget.models import Entry
from citizens.models import Petition
from ward_portal.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_dashboard_benchmark_measures_and_leaves_nothing_behind(admin_user, ward_a):
    units = AdministrativeUnit.objects.count()
    out = io.StringIO()
    call_command("bench_dashboard", units=12, entries=2400, petitions=600, runs=1, stdout=out)
    text = out.getvalue()
    assert "12 wards" in text and "figures of 12 wards" in text and "rolled back" in text
    assert "6 queries" in text  # the same whatever the size: see the dashboard's own tests
    assert "petitions received" in text
    assert not Entry.objects.exists() and AdministrativeUnit.objects.count() == units
    assert not Petition.objects.exists()
