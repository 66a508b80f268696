"""Who may issue a report: the leaders of its unit, not its clerks, not the leaders above."""

import pytest
from django.core.exceptions import PermissionDenied

from reports import permissions
from reports.models import Report, ReportKind

pytestmark = pytest.mark.django_db


def test_only_the_units_leaders_issue_its_report(ward_a, leader_a, clerk_a, upper_leader):
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    assert permissions.can_issue_report(leader_a, report)
    assert not permissions.can_issue_report(clerk_a, report)
    assert not permissions.can_issue_report(upper_leader, report)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo của đơn vị"):
        permissions.require_can_issue_report(upper_leader, report)


def test_only_the_units_own_staff_regenerate_its_report(
    ward_a, leader_a, clerk_a, upper_leader, clerk_b
):
    report = Report.objects.create(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    assert permissions.can_regenerate_report(leader_a, report)
    assert permissions.can_regenerate_report(clerk_a, report)
    assert not permissions.can_regenerate_report(upper_leader, report)
    assert not permissions.can_regenerate_report(clerk_b, report)
