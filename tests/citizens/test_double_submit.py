"""The same submission sent twice (a double tap, a retried request): one record, and both answers
lead to it; never a 500."""

import datetime
import threading
import time
from importlib import import_module

import pytest
from django.db import connection
from django.test import Client

from citizens.models import Open311Client, Petition, Reception, ReceptionEntry, Topic
from tests.citizens.conftest import valid_form_data

SUBMIT = "/feedback/"

# Two threads need two connections: a transactional test, whose tables another transactional
# test may have emptied. The rows the migrations load (topics, deadline rules) are put back.
CONCURRENT = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topic(db):
    from django.apps import apps

    for migration, function in [
        ("0002_seed_rules_topics_tasks", "seed"),
        ("0007_rules_luat_136_2025", "load"),
    ]:
        getattr(import_module(f"citizens.migrations.{migration}"), function)(apps, None)
    return Topic.objects.get(code="moi-truong")


def _at_the_same_moment(*calls):
    """Runs the calls in threads started together; returns their results (or the errors)."""
    start = threading.Barrier(len(calls), timeout=10)
    results: list = [None] * len(calls)

    def run(index, call):
        # Each thread has its own database connection (Django's are per thread).
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # reported by the assertions of the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@CONCURRENT
def test_two_identical_public_submissions_at_the_same_moment_lead_to_one_petition(
    ward_a, topic, monkeypatch
):
    data = valid_form_data(ward_a, topic)
    checked = Petition.full_clean

    def slow_full_clean(self, *args, **kwargs):
        # Both requests have looked for the key and found nothing; they now meet at the save.
        time.sleep(0.3)
        return checked(self, *args, **kwargs)

    monkeypatch.setattr(Petition, "full_clean", slow_full_clean)
    answers = _at_the_same_moment(
        lambda: Client().post(SUBMIT, data), lambda: Client().post(SUBMIT, data)
    )
    petition = Petition.objects.get()
    sent = f"/feedback/sent/{petition.code}/{petition.secret}/"
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    assert [a.url for a in answers] == [sent, sent]


@CONCURRENT
def test_a_submission_arriving_just_after_the_first_was_saved_leads_to_it(
    ward_a, topic, monkeypatch
):
    """The second request looked for the key before the first committed and validates after."""
    data = valid_form_data(ward_a, topic)
    checked = Petition.full_clean
    first_saved = threading.Event()
    calls = []

    def full_clean_after_the_first(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            first_saved.wait(timeout=10)
            time.sleep(0.2)  # the first request's transaction commits
        return checked(self, *args, **kwargs)

    original_save = Petition.save

    def save(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        first_saved.set()

    monkeypatch.setattr(Petition, "full_clean", full_clean_after_the_first)
    monkeypatch.setattr(Petition, "save", save)
    answers = _at_the_same_moment(
        lambda: Client().post(SUBMIT, data), lambda: Client().post(SUBMIT, data)
    )
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    assert Petition.objects.count() == 1


# --- the same submission twice, one after the other -----------------------------------------


def test_open311_the_same_request_with_its_key_makes_one_petition(citizen_client, ward_a):
    client = Open311Client.objects.create(name="Cổng 1022", unit=ward_a)
    data = {
        "api_key": client.api_key,
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Ký Con",
        "address_string": "Đường Ký Con",
    }
    url = "/open311/v2/requests.json"
    first = citizen_client.post(url, data, headers={"Idempotency-Key": "app-42"})
    second = citizen_client.post(url, data, headers={"Idempotency-Key": "app-42"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and Petition.objects.count() == 1
    by_field = citizen_client.post(url, {**data, "idempotency_key": "app-43"})
    again = citizen_client.post(url, {**data, "idempotency_key": "app-43"})
    assert by_field.json() == again.json() and Petition.objects.count() == 2


def test_open311_the_same_request_without_a_key_within_two_minutes_is_one(citizen_client, ward_a):
    """A client app that retries or double-taps without a key: the same content from the same
    client within two minutes is one petition (across a slot boundary too); a different text,
    or the same text later, is another."""
    import time_machine

    client = Open311Client.objects.create(name="Cổng 1022", unit=ward_a)
    data = {
        "api_key": client.api_key,
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Ký Con",
        "address_string": "Đường Ký Con",
    }
    url = "/open311/v2/requests.json"
    start = datetime.datetime(2026, 11, 20, 9, 1, 59, tzinfo=datetime.UTC)  # a slot's last second
    with time_machine.travel(start, tick=False):
        first = citizen_client.post(url, data)
    with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
        second = citizen_client.post(url, data)  # the next slot
        other = citizen_client.post(url, {**data, "description": "Rác tràn ra đường Lê Lai"})
    assert first.status_code == second.status_code == other.status_code == 201
    assert first.json() == second.json() != other.json()
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        later = citizen_client.post(url, data)
    assert later.status_code == 201, later.content
    assert later.json() != first.json(), (first.json(), later.json())
    assert Petition.objects.count() == 3, list(Petition.objects.values_list("code", "title"))


def test_open311_keys_of_two_clients_never_meet(citizen_client, ward_a):
    one = Open311Client.objects.create(name="Ứng dụng 1", unit=ward_a)
    two = Open311Client.objects.create(name="Ứng dụng 2", unit=ward_a)
    data = {"service_code": "moi-truong", "description": "Đèn đường hỏng trước số 3"}
    data["address_string"] = "Số 3 Ký Con"
    url = "/open311/v2/requests.json"
    a = citizen_client.post(url, {**data, "api_key": one.api_key, "idempotency_key": "1"})
    b = citizen_client.post(url, {**data, "api_key": two.api_key, "idempotency_key": "1"})
    assert a.json() != b.json() and Petition.objects.count() == 2


def test_open311_a_nul_character_is_a_400_not_a_500(citizen_client, ward_a):
    client = Open311Client.objects.create(name="Cổng 1022", unit=ward_a)
    response = citizen_client.post(
        "/open311/v2/requests.json",
        {
            "api_key": client.api_key,
            "service_code": "moi-truong",
            "description": "Rác tràn\x00 ra đường",
            "address_string": "Đường Ký Con",
        },
    )
    assert response.status_code == 400 and not Petition.objects.exists()


def _form_key(response) -> str:
    return str(response.context["form"]["idempotency_key"].value())


def test_a_petition_entered_by_staff_twice_is_one(clerk_a_client, ward_a, topic):
    page = clerk_a_client.get("/citizens/new/")
    data = {
        "channel": "post",
        "kind": "feedback",
        "topic": topic.pk,
        "unit": ward_a.pk,
        "title": "Đèn đường hỏng",
        "content": "Đèn đường trước số 3 Ký Con hỏng đã một tuần.",
        "idempotency_key": _form_key(page),
    }
    first = clerk_a_client.post("/citizens/new/", data)
    second = clerk_a_client.post("/citizens/new/", data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Petition.objects.count() == 1


def test_a_reception_session_and_its_line_sent_twice_are_one_each(clerk_a_client, ward_a, clerk_a):
    page = clerk_a_client.get("/citizens/receptions/new/")
    session = {
        "unit": ward_a.pk,
        "date": "2026-03-02",
        "kind": "regular",
        "receiver": clerk_a.pk,
        "idempotency_key": _form_key(page),
    }
    first = clerk_a_client.post("/citizens/receptions/new/", session)
    second = clerk_a_client.post("/citizens/receptions/new/", session)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    reception = Reception.objects.get()
    page = clerk_a_client.get(f"/citizens/receptions/{reception.pk}/")
    line = {
        "citizen_name": "Lê Văn Hùng",
        "group_size": 1,
        "content": "Hẻm 91 ngập nước khi mưa.",
        "first_time": "on",
        "idempotency_key": _form_key(page),
    }
    answers = [clerk_a_client.post(f"/citizens/receptions/{reception.pk}/", line) for _ in "12"]
    assert [a.status_code for a in answers] == [302, 302]
    assert list(ReceptionEntry.objects.values_list("number", flat=True)) == [1]
    # A new form (a new key) is a new line.
    page = clerk_a_client.get(f"/citizens/receptions/{reception.pk}/")
    clerk_a_client.post(
        f"/citizens/receptions/{reception.pk}/", {**line, "idempotency_key": _form_key(page)}
    )
    assert ReceptionEntry.objects.count() == 2


def test_a_tampered_key_is_refused_in_vietnamese_with_what_to_do(citizen_client, ward_a, topic):
    response = citizen_client.post(
        "/feedback/", valid_form_data(ward_a, topic, idempotency_key="x")
    )
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Hãy tải lại trang rồi gửi lại." in response.content.decode()


@CONCURRENT
def test_two_identical_reception_lines_at_the_same_moment_are_one(ward_a, clerk_a):
    import uuid
    from datetime import date

    from citizens import services

    reception = services.reception_create(
        user=clerk_a, unit=ward_a, date=date(2026, 3, 2), kind="regular", receiver=clerk_a
    )
    key = uuid.uuid4()

    def write():
        return services.reception_entry_add(
            user=clerk_a,
            reception=reception,
            citizen_name="Lê Văn Hùng",
            content="Hẻm 91 ngập nước khi mưa.",
            idempotency_key=key,
        ).pk

    answers = _at_the_same_moment(write, write)
    entry = ReceptionEntry.objects.get()
    assert answers == [entry.pk, entry.pk] and entry.number == 1
