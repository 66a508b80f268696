import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from ward_portal.access import units_visible_to
from ward_portal.demo import DEMO_PASSWORD
from ward_portal.models import AdministrativeUnit, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_quan_1_and_the_demo_logins_and_is_idempotent():
    call_command("seed_demo")
    counts = (
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("seed_demo")
    assert (
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts

    q1 = AdministrativeUnit.objects.get(code="760")
    assert q1.children.count() == 10
    assert q1.children.get(code="26746").name == "Phường Nguyễn Thái Bình"

    wards = lambda username: set(  # noqa: E731
        units_visible_to(User.objects.get(username=username))
        .filter(level="commune")
        .values_list("name", flat=True)
    )
    assert len(wards("lanhdao.q1")) == 10
    assert wards("canbo.bn") == {"Phường Bến Nghé"}
    assert wards("canbo.ntb") == {"Phường Nguyễn Thái Bình"}
    assert User.objects.get(username="admin").is_superuser

    request = RequestFactory().post("/accounts/login/")
    for username in ["admin", "canbo.ntb", "lanhdao.ntb", "canbo.bn", "lanhdao.q1"]:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None


def _roles(username):
    return {
        (r.unit.code, r.unit.valid_from, r.role)
        for r in RoleAssignment.objects.filter(user__username=username).select_related("unit")
    }


def test_demo_users_hold_their_roles_in_the_units_of_their_day():
    from datetime import date

    from meetings.models import Meeting
    from ward_portal.models import Role

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), RoleAssignment.objects.count(), Meeting.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), RoleAssignment.objects.count(), Meeting.objects.count()) == (
        counts
    )

    new_day = date(2025, 7, 1)
    assert _roles("lanhdao.hcm") == {("79", None, Role.LEADER)}
    assert _roles("lanhdao.bt") == {("26743", new_day, Role.LEADER)}
    assert _roles("canbo.bt") == {("26743", new_day, Role.CLERK)}
    assert _roles("canbo.sg") == {("26740", new_day, Role.CLERK)}
    # Hoàng Thị Tố Nga is the district's Phó Bí thư Thường trực, as the article says.
    nga = User.objects.get(username="pbt.q1")
    assert nga.full_name == "Hoàng Thị Tố Nga"
    assert _roles("pbt.q1") == {("760", None, Role.LEADER)}
    assert RoleAssignment.objects.get(user=nga).title == "Phó Bí thư Thường trực Quận ủy Quận 1"
    assert User.objects.get(username="lanhdao.ntb").full_name != "Hoàng Thị Tố Nga"
    assert _roles("lanhdao.ntb") == {("26746", None, Role.LEADER)}

    request = RequestFactory().post("/accounts/login/")
    for username in ["lanhdao.hcm", "pbt.q1", "lanhdao.bt", "canbo.bt", "canbo.sg"]:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None

    session = Meeting.objects.get(starts_at__date=date(2022, 2, 17))
    attendee = session.attendees.get(user=nga)
    assert attendee.position == "Phó Bí thư Thường trực Quận ủy Quận 1"
    speakers = set(session.minutes.get().items.values_list("speaker", flat=True))
    assert {"Hoàng Thị Tố Nga", "Tô Thị Bích Châu"} <= speakers
    # The 2023 programme's directives fall due within 2023.
    assert {t.due_date.year for t in session.tasks.all()} == {2023}


def test_the_new_ben_thanh_carries_on_in_2025_and_2026():
    from datetime import date

    from budget.models import Entry, FiscalYear
    from citizens.models import Petition
    from meetings.models import Meeting, Task
    from ward_portal.units import unit_in_force

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    bt = unit_in_force("26743", date(2026, 1, 1))
    assert bt.valid_from == date(2025, 7, 1)
    years = {fy.year: fy for fy in FiscalYear.objects.filter(unit=bt)}
    assert set(years) == {2025, 2026}
    # 2025 begins on 01/7: no voucher before the unit existed.
    assert not Entry.objects.filter(line__fiscal_year=years[2025], date__lt=date(2025, 7, 1))
    assert Entry.objects.filter(line__fiscal_year=years[2026]).exists()
    assert years[2026].targets.exists()
    # Each book uses the budget classification in force for its year (TT 130/2025 from 2026).
    from budget.selectors import classification_for_year

    for year, book in years.items():
        versions = set(book.lines.values_list("category__classification", flat=True))
        assert versions == {classification_for_year(year).pk}
    petitions = Petition.objects.filter(unit=bt)
    assert {p.received_on.year for p in petitions} == {2025, 2026}
    assert len(set(petitions.values_list("status", flat=True))) >= 3
    assert Meeting.objects.filter(host_unit=bt, starts_at__year=2026).exists()
    assert Task.objects.filter(meeting__host_unit=bt).exists()
    sg = unit_in_force("26740", date(2026, 1, 1))
    assert FiscalYear.objects.filter(unit=sg, year=2026).exists()
    assert Petition.objects.filter(unit=sg).count() >= 3


def test_the_demo_records_nothing_on_a_unit_outside_its_lifetime():
    """Every dated record of the demo sits on a unit in force on its date: nothing happens in
    Quận 1 or its wards after 30/6/2025, nothing in the new communes before 01/7/2025; and the
    work in progress today is in units in force."""
    from datetime import date

    from django.db.models import F, Q

    from budget.models import Entry
    from citizens.choices import OPEN_STATUSES
    from citizens.models import Petition, PetitionEvent, Reception
    from meetings.models import Meeting, Task, TaskUpdate

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def outside(queryset, unit: str, day: str):
        before = Q(**{f"{unit}__valid_from__gt": F(day)})
        after = Q(**{f"{unit}__valid_to__lt": F(day)})
        return list(queryset.filter(before | after).values_list("pk", flat=True)[:5])

    assert outside(Entry.objects.all(), "line__fiscal_year__unit", "date") == []
    assert outside(Petition.objects.all(), "unit", "received_on") == []
    assert outside(Reception.objects.all(), "unit", "date") == []
    assert outside(Meeting.objects.all(), "host_unit", "starts_at__date") == []
    assert outside(PetitionEvent.objects.all(), "petition__unit", "at__date") == []
    assert outside(TaskUpdate.objects.all(), "task__assignee_unit", "created_at__date") == []
    # today's open work is in units in force
    ended = Q(unit__valid_to__lt=date.today())
    assert not Petition.objects.filter(ended, status__in=OPEN_STATUSES).exists()
    assert not Task.objects.filter(assignee_unit__valid_to__lt=date.today(), completed_on=None)
