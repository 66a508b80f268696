"""The audit log (ward_portal/audit.py): every change of a registered model says who, when, in
which unit, what before and after; the search page shows a leader their units only, at a fixed
number of queries; and nobody, not even a database superuser, can change or delete an entry."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.factories import RoleFactory, UnitFactory, UserFactory
from ward_portal import audit
from ward_portal.models import AuditAction, AuditEntry, AuditSource, Role, RoleAssignment


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("pk")


# --- recording ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_create_change_delete_of_a_role_records_who_when_unit_before_after(
    admin_client_, admin_user, ward_a
):
    person = UserFactory(username="new_clerk")
    start = timezone.now()
    url = "/admin/ward_portal/roleassignment/"
    data = {"user": person.pk, "unit": ward_a.pk, "role": Role.CLERK, "title": "Văn thư"}
    assert admin_client_.post(f"{url}add/", data).status_code == 302
    role = RoleAssignment.objects.get(user=person)
    data["title"] = "Công chức văn phòng"
    assert admin_client_.post(f"{url}{role.pk}/change/", data).status_code == 302
    assert admin_client_.post(f"{url}{role.pk}/delete/", {"post": "yes"}).status_code == 302

    created, changed, deleted = entries_for(role)
    assert [e.action for e in (created, changed, deleted)] == ["create", "update", "delete"]
    for entry in (created, changed, deleted):
        assert (entry.actor_id, entry.actor_name, entry.source) == (
            admin_user.pk,
            admin_user.full_name,
            AuditSource.STAFF,
        )
        assert entry.unit_id == ward_a.pk
        assert start <= entry.at <= timezone.now()
    assert created.before is None
    assert created.after["title"] == "Văn thư" and created.after["user_id"] == person.pk
    assert (changed.before, changed.after) == (
        {"title": "Văn thư"},
        {"title": "Công chức văn phòng"},
    )
    assert deleted.before["title"] == "Công chức văn phòng" and deleted.after is None


@pytest.mark.django_db
def test_a_change_outside_a_request_is_the_systems_and_acting_as_names_a_person(ward_a, clerk_a):
    role = RoleFactory(unit=ward_a, role=Role.CLERK)
    assert entries_for(role).get().source == AuditSource.SYSTEM
    assert entries_for(role).get().actor_id is None
    with audit.acting_as(clerk_a):
        role.title = "Kế toán"
        role.save()
    assert entries_for(role).last().actor_id == clerk_a.pk


@pytest.mark.django_db
def test_saving_without_a_change_records_nothing(ward_a):
    role = RoleFactory(unit=ward_a)
    role.save()
    assert entries_for(role).count() == 1


@pytest.mark.django_db
def test_a_unit_is_its_own_unit_in_the_log(district):
    unit = UnitFactory(parent=district, name="Phường Mới")
    assert entries_for(unit).get().unit_id == unit.pk


# --- append-only ----------------------------------------------------------------------------


def _refused(change):
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        change()


@pytest.mark.django_db
def test_the_database_refuses_to_update_or_delete_an_entry(ward_a, clerk_a):
    entry = audit.record(AuditAction.EXPORT, ward_a, user=clerk_a, format="xlsx")
    other = audit.record(AuditAction.EXPORT, ward_a, user=clerk_a, format="csv")

    def save_changed():
        entry.actor_name = "someone else"
        entry.save()

    _refused(save_changed)
    _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(actor_name="x"))
    _refused(entry.delete)
    _refused(lambda: AuditEntry.objects.all().delete())

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])

    _refused(lambda: raw("UPDATE ward_portal_auditentry SET actor_name = 'x' WHERE id = %s"))
    _refused(lambda: raw("DELETE FROM ward_portal_auditentry WHERE id = %s"))
    assert AuditEntry.objects.filter(pk__in=[entry.pk, other.pk], actor_name=clerk_a.full_name)
    assert AuditEntry.objects.get(pk=entry.pk).after == {"format": "xlsx"}


@pytest.mark.django_db
def test_the_admin_shows_the_log_read_only(admin_client_, ward_a, clerk_a):
    entry = audit.record(AuditAction.EXPORT, ward_a, user=clerk_a)
    url = "/admin/ward_portal/auditentry/"
    assert admin_client_.get(url).status_code == 200
    assert admin_client_.get(f"{url}{entry.pk}/change/").status_code == 200  # view only
    assert admin_client_.get(f"{url}add/").status_code == 403
    assert admin_client_.post(f"{url}{entry.pk}/change/", {"actor_name": "x"}).status_code == 403
    assert admin_client_.post(f"{url}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == clerk_a.full_name


# --- the search page ------------------------------------------------------------------------


@pytest.fixture
def two_wards_logged(ward_a, ward_b, clerk_a, clerk_b):
    mark_a = audit.record(AuditAction.EXPORT, ward_a, user=clerk_a, note="A-entry")
    mark_b = audit.record(AuditAction.EXPORT, ward_b, user=clerk_b, note="B-entry")
    return mark_a, mark_b


@pytest.mark.django_db
def test_a_leader_sees_the_log_of_their_unit_and_not_another_wards(
    leader_a_client, two_wards_logged
):
    html = leader_a_client.get("/audit/").content.decode()
    assert "A-entry" in html
    assert "B-entry" not in html
    assert "Phường Bến Nghé" not in html  # not even in the unit filter


@pytest.mark.django_db
def test_the_district_leader_and_the_administrator_see_both_wards(
    upper_leader_client, admin_client_, two_wards_logged
):
    for client in (upper_leader_client, admin_client_):
        html = client.get("/audit/").content.decode()
        assert "A-entry" in html and "B-entry" in html


@pytest.mark.django_db
def test_a_clerk_may_not_read_the_log(clerk_a_client, two_wards_logged, citizen_client):
    assert clerk_a_client.get("/audit/").status_code == 403
    assert citizen_client.get("/audit/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_filters_by_unit_person_type_action_and_dates(
    upper_leader_client, two_wards_logged, ward_a, ward_b, clerk_b
):
    def shown(query):
        html = upper_leader_client.get(f"/audit/?{query}").content.decode()
        return {mark for mark in ("A-entry", "B-entry") if mark in html}

    assert shown(f"unit={ward_b.pk}") == {"B-entry"}
    assert shown(f"actor={clerk_b.pk}") == {"B-entry"}
    assert shown("action=export") == {"A-entry", "B-entry"}
    assert shown("action=delete") == set()
    assert shown("object_type=ward_portal.administrativeunit") == {"A-entry", "B-entry"}
    today = timezone.localdate()
    assert shown(f"since={today}&until={today}") == {"A-entry", "B-entry"}
    assert shown(f"until={today - timedelta(days=1)}") == set()


@pytest.mark.django_db
def test_the_page_costs_the_same_for_one_entry_and_thirty(
    leader_a_client, ward_a, clerk_a, django_assert_num_queries
):
    audit.record(AuditAction.EXPORT, ward_a, user=clerk_a)
    # session, user; may read the log (a leader's role: exists); count (the paginator); header:
    # user roles; unit choices; person choices; the page of entries (unit joined); savepoint,
    # session save, release
    with django_assert_num_queries(11):
        assert leader_a_client.get("/audit/").status_code == 200
    for number in range(30):
        audit.record(AuditAction.EXPORT, ward_a, user=clerk_a, number=number)
    with django_assert_num_queries(11):
        response = leader_a_client.get("/audit/?action=export")
    assert response.content.decode().count("<tr") == 1 + 31  # the header and 31 entries


@pytest.mark.django_db
def test_the_page_shows_field_names_before_and_after(leader_a_client, ward_a):
    role = RoleFactory(unit=ward_a, title="Văn thư")
    role.title = "Kế toán"
    role.save()
    html = leader_a_client.get("/audit/?action=update").content.decode()
    assert "chức danh: Văn thư → Kế toán" in html
    assert "Vai trò #" in html  # the kind of object in words
    created = leader_a_client.get("/audit/?action=create").content.decode()
    assert "vai trò:  → Cán bộ, công chức" in created  # the choice's label, not "clerk"
    assert "ID:" not in created


@pytest.mark.django_db
def test_rules_without_a_unit_are_for_administrators_only(
    leader_a_client, admin_client_, upper_leader_client
):
    from ward_portal.models import DeadlineRule

    DeadlineRule.objects.create(
        domain="citizens", stage="giai-quyet-thu-nghiem", days=15, effective_from="2026-01-01"
    )
    query = "/audit/?object_type=ward_portal.deadlinerule"
    assert "giai-quyet-thu-nghiem" in admin_client_.get(query).content.decode()
    for client in (leader_a_client, upper_leader_client):
        assert "giai-quyet-thu-nghiem" not in client.get(query).content.decode()


@pytest.mark.django_db
def test_the_menu_offers_the_log_to_leaders_and_not_to_clerks(leader_a_client, clerk_a_client):
    assert 'href="/audit/"' in leader_a_client.get("/budget/").content.decode()
    assert 'href="/audit/"' not in clerk_a_client.get("/budget/").content.decode()
