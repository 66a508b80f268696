import io

import pytest
from django.core.management import call_command

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_search_benchmark_measures_and_leaves_nothing_behind(admin_user, ward_a):
    out = io.StringIO()
    call_command("bench_search", meetings=300, runs=1, stdout=out)
    text = out.getvalue()
    assert "300 meetings (300 synthetic" in text
    assert text.count(" hits  median ") == 5 and "rolled back" in text
    assert not Meeting.objects.exists()
