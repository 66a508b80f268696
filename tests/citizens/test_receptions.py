"""The reception book (sổ tiếp công dân): sessions and their numbered lines, written through
services; the list on the shared table view."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from citizens import services
from citizens.choices import Channel
from citizens.models import Petition, Reception, ReceptionEntry
from tests.factories import RoleFactory
from tests.helpers import assert_not_found_for, count_queries
from ward_portal.models import Role

pytestmark = pytest.mark.django_db
D = date(2026, 3, 5)


def _reception(unit, receiver, **fields):
    return services.reception_create(
        user=receiver, unit=unit, date=D, kind="regular", receiver=receiver, **fields
    )


def _entry(reception, user, **fields):
    return services.reception_entry_add(
        user=user,
        reception=reception,
        citizen_name=fields.pop("citizen_name", "Lê Văn Hùng"),
        content=fields.pop("content", "Hẻm 91 ngập nước khi mưa."),
        **fields,
    )


# --- services -------------------------------------------------------------------------------


def test_a_clerk_opens_a_session_of_their_own_ward_only(ward_a, ward_b, clerk_a, upper_leader):
    reception = _reception(ward_a, clerk_a, place="Bộ phận tiếp công dân")
    assert Reception.objects.get() == reception and reception.place == "Bộ phận tiếp công dân"
    with pytest.raises(PermissionDenied):
        _reception(ward_b, clerk_a)
    with pytest.raises(PermissionDenied):  # the district reads the wards' books, does not write
        services.reception_create(
            user=upper_leader, unit=ward_a, date=D, kind="regular", receiver=clerk_a
        )
    with pytest.raises(ValidationError) as refused:
        services.reception_create(user=clerk_a, unit=ward_a, date=D, kind="x", receiver=clerk_a)
    assert "kind" in refused.value.error_dict
    assert Reception.objects.count() == 1


def test_lines_are_numbered_one_two_three_within_the_session(ward_a, clerk_a):
    first, second = _reception(ward_a, clerk_a), _reception(ward_a, clerk_a)
    numbers = [_entry(first, clerk_a).number, _entry(first, clerk_a).number]
    assert numbers == [1, 2] and _entry(second, clerk_a).number == 1
    # A line gone from the middle (deleted in the admin) does not make the next one reuse a
    # number: the next is after the highest.
    ReceptionEntry.objects.get(reception=first, number=1).delete()
    assert _entry(first, clerk_a).number == 3


def test_a_line_can_become_a_petition_received_in_person(ward_a, clerk_a, topic):
    reception = _reception(ward_a, clerk_a)
    with pytest.raises(ValidationError):
        _entry(reception, clerk_a, create_petition=True, kind="feedback")  # no topic
    entry = _entry(
        reception,
        clerk_a,
        create_petition=True,
        kind="feedback",
        topic=topic,
        request="Đề nghị khơi thông cống.",
    )
    petition = Petition.objects.get()
    assert entry.petition == petition and entry.number == 1
    assert petition.channel == Channel.IN_PERSON and petition.name == "Lê Văn Hùng"
    assert petition.content.endswith("Đề nghị khơi thông cống.")


def test_a_group_of_five_names_its_representatives(ward_a, clerk_a):
    reception = _reception(ward_a, clerk_a)
    with pytest.raises(ValidationError) as refused:
        _entry(reception, clerk_a, group_size=5)
    assert "representatives" in refused.value.error_dict
    assert _entry(reception, clerk_a, group_size=5, representatives="Trần Văn Sáu").number == 1


def test_only_the_wards_staff_write_in_its_book(ward_a, clerk_a, clerk_b, upper_leader):
    reception = _reception(ward_a, clerk_a)
    for outsider in (clerk_b, upper_leader):
        with pytest.raises(PermissionDenied):
            _entry(reception, outsider)
    assert not ReceptionEntry.objects.exists()


def test_the_database_refuses_two_lines_with_one_number(ward_a, clerk_a):
    reception = _reception(ward_a, clerk_a)
    _entry(reception, clerk_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceptionEntry.objects.create(
            reception=reception, number=1, citizen_name="Trùng", content="x"
        )


@pytest.mark.django_db(transaction=True)
def test_two_clerks_writing_at_the_same_moment_get_one_and_two(ward_a, clerk_a, monkeypatch):
    second_clerk = RoleFactory(unit=ward_a, role=Role.CLERK, user__username="clerk_a2").user
    reception = _reception(ward_a, clerk_a)
    checked = ReceptionEntry.full_clean

    def slow_full_clean(self, *args, **kwargs):
        # Between reading the last number and writing the line: without the lock on the
        # session, both clerks would read "none yet" here and both take number 1.
        time.sleep(0.3)
        return checked(self, *args, **kwargs)

    monkeypatch.setattr(ReceptionEntry, "full_clean", slow_full_clean)
    start = threading.Barrier(2, timeout=10)
    numbers, errors = [], []

    def write(clerk, name):
        # Each thread has its own database connection (Django's are per thread).
        try:
            start.wait()
            numbers.append(_entry(reception, clerk, citizen_name=name).number)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=(clerk, name))
        for clerk, name in [(clerk_a, "Người thứ nhất"), (second_clerk, "Người thứ hai")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and sorted(numbers) == [1, 2]
    assert sorted(reception.entries.values_list("number", flat=True)) == [1, 2]


# --- pages ----------------------------------------------------------------------------------


def test_the_book_lists_the_sessions_in_scope_and_filters_them(
    clerk_a_client, upper_leader_client, ward_a, ward_b, clerk_a, clerk_b
):
    _reception(ward_a, clerk_a)
    services.reception_create(
        user=clerk_a, unit=ward_a, date=D + timedelta(days=1), kind="periodic", receiver=clerk_a
    )
    _reception(ward_b, clerk_b)
    page = clerk_a_client.get("/citizens/receptions/").content.decode()
    assert page.count("/citizens/receptions/") >= 2 and "Phường Bến Nghé</td>" not in page
    assert "05/03/2026" in page and "06/03/2026" in page
    page = clerk_a_client.get("/citizens/receptions/?kind=periodic").content.decode()
    assert "06/03/2026" in page and "05/03/2026" not in page
    page = clerk_a_client.get(
        "/citizens/receptions/?date_after=2026-03-06&date_before=2026-03-31"
    ).content.decode()
    assert "06/03/2026" in page and "05/03/2026" not in page
    # A unit filter's choices are scoped: ward B is not offered to ward A's clerk.
    select = page.split('name="unit"', 1)[1].split("</select>")[0]
    assert "Phường Nguyễn Thái Bình" in select and "Phường Bến Nghé" not in select
    page = upper_leader_client.get(f"/citizens/receptions/?unit={ward_b.pk}").content.decode()
    assert "Phường Bến Nghé" in page


@pytest.mark.parametrize("rows", [1, 25])
def test_the_book_costs_the_same_whatever_its_size(clerk_a_client, ward_a, clerk_a, rows):
    Reception.objects.bulk_create(
        Reception(unit=ward_a, date=D - timedelta(days=n), kind="regular", receiver=clerk_a)
        for n in range(rows)
    )
    # 1 session, 2 user, 3 COUNT (the table's paginator), 4 the unit filter's choices (scoped),
    # 5 the page of rows (unit and receiver joined), 6 the user's roles (menu), 7-9 the session
    # save (SAVEPOINT, UPDATE, RELEASE).
    response, queries = count_queries(lambda: clerk_a_client.get("/citizens/receptions/"))
    assert response.status_code == 200 and queries == 9
    assert response.content.decode().count('href="/citizens/receptions/') >= rows


def test_a_clerk_opens_a_session_and_writes_lines_through_the_pages(
    clerk_a_client, ward_a, clerk_a, topic
):
    response = clerk_a_client.post(
        "/citizens/receptions/new/",
        {"unit": ward_a.pk, "date": "2026-03-05", "kind": "regular", "receiver": clerk_a.pk},
    )
    reception = Reception.objects.get()
    url = f"/citizens/receptions/{reception.pk}/"
    assert response.status_code == 302 and response.url == url
    line = {"citizen_name": "Lê Văn Hùng", "content": "Hẻm ngập", "group_size": "1"}
    response = clerk_a_client.post(url, line, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == ["Đã ghi vào sổ."]
    clerk_a_client.post(
        url, {**line, "create_petition": "on", "kind": "feedback", "topic": topic.pk}
    )
    assert list(reception.entries.values_list("number", flat=True)) == [1, 2]
    assert reception.entries.get(number=2).petition is not None
    # A refused line keeps what was typed, with the reason on its field.
    response = clerk_a_client.post(url, {**line, "group_size": "6"})
    assert response.status_code == 200 and reception.entries.count() == 2
    assert "cần ghi người đại diện" in response.content.decode()
    assert response.context["form"]["citizen_name"].value() == "Lê Văn Hùng"


def test_other_wards_and_readers_cannot_write_in_the_book(
    clerk_b_client, upper_leader_client, ward_a, clerk_a
):
    reception = _reception(ward_a, clerk_a)
    url = f"/citizens/receptions/{reception.pk}/"
    assert_not_found_for(clerk_b_client, url)
    line = {"citizen_name": "X", "content": "x", "group_size": "1"}
    assert_not_found_for(clerk_b_client, url, method="post", data=line)
    assert upper_leader_client.get(url).status_code == 200
    assert upper_leader_client.post(url, line).status_code == 403
    assert not ReceptionEntry.objects.exists()


def test_the_migration_renumbers_sessions_whose_lines_share_a_number(ward_a, clerk_a):
    """Lines numbered by counting before the constraint could share a number; the migration
    numbers those sessions again so that the constraint can be added."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("citizens.migrations.0005_reception_entry_number_unique")
    clashing, clean = _reception(ward_a, clerk_a), _reception(ward_a, clerk_a)
    (constraint,) = ReceptionEntry._meta.constraints
    with connection.schema_editor() as editor:  # undone with the test's transaction
        editor.remove_constraint(ReceptionEntry, constraint)
    for reception, numbers in [(clashing, [1, 2, 2, 3]), (clean, [1, 3])]:
        for number in numbers:
            ReceptionEntry.objects.create(
                reception=reception, number=number, citizen_name=f"Dòng {number}", content="x"
            )
    migration.renumber_clashes(apps, None)
    lines = clashing.entries.order_by("number", "pk").values_list("number", "citizen_name")
    assert list(lines) == [(1, "Dòng 1"), (2, "Dòng 2"), (3, "Dòng 2"), (4, "Dòng 3")]
    assert list(clean.entries.values_list("number", flat=True)) == [1, 3]  # left as it was
