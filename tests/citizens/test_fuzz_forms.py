"""Any input to the public form, Open311 and the staff forms of the citizens app: never a 500,
nothing half-saved."""

import pytest
from hypothesis import given

from citizens import services
from citizens.models import Open311Client, Petition, PetitionEvent, Reception, ReceptionEntry
from tests.citizens.conftest import valid_form_data
from tests.citizens.factories import submit
from tests.fuzzing import fuzz, overrides, post_safely

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = [
    "kind", "topic", "unit", "title", "content", "place", "name", "phone", "email",
    "address", "id_number", "consent", "website", "idempotency_key", "accept_as_report",
]  # fmt: skip


@pytest.fixture
def generous(settings):
    settings.CITIZENS_RATE_PER_IP = "100000/h"
    settings.CITIZENS_RATE_PER_PHONE = "100000/h"
    settings.OPEN311_RATE_PER_IP = "100000/h"
    settings.OPEN311_RATE_PER_CLIENT = "100000/h"


@fuzz(25)
@given(changed=overrides(PUBLIC_FIELDS))
def test_fuzz_public_form_with_nul_and_long_texts(citizen_client, ward_a, topic, generous, changed):
    data = {**valid_form_data(ward_a, topic), **changed}
    post_safely(citizen_client, "/feedback/", data, Petition, PetitionEvent)


OPEN311_FIELDS = [
    "service_code", "description", "lat", "long", "address_string", "jurisdiction_id",
    "email", "phone", "first_name", "last_name", "idempotency_key",
]  # fmt: skip


@fuzz(25)
@given(changed=overrides(OPEN311_FIELDS))
def test_fuzz_open311_post_with_nul_and_long_texts(citizen_client, ward_a, generous, changed):
    client = Open311Client.objects.get_or_create(name="Cổng 1022", unit=ward_a)[0]
    data = {
        "api_key": client.api_key,
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Ký Con",
        "address_string": "Đường Ký Con",
        **changed,
    }
    post_safely(citizen_client, "/open311/v2/requests.json", data, Petition, saved_status=201)


STAFF_PETITION = [
    "channel", "kind", "topic", "unit", "title", "content", "place", "name", "phone",
    "email", "address", "id_number", "consent", "idempotency_key",
]  # fmt: skip


@fuzz(20)
@given(changed=overrides(STAFF_PETITION))
def test_fuzz_staff_petition_form(clerk_a_client, ward_a, topic, changed):
    data = {
        "channel": "post",
        "kind": "feedback",
        "topic": topic.pk,
        "unit": ward_a.pk,
        "title": "Đèn đường hỏng",
        "content": "Đèn đường trước số 3 Ký Con hỏng đã một tuần.",
        **changed,
    }
    post_safely(clerk_a_client, "/citizens/new/", data, Petition, PetitionEvent)


def _state(petition):
    petition.refresh_from_db()
    return (petition.status, petition.handler_id, PetitionEvent.objects.count())


def _action_safely(client, petition, action, data):
    """A petition action answers with a redirect whether done or refused: done changes the
    petition and adds its event, refused changes nothing."""
    status, handler, events = _state(petition)
    response = client.post(f"/citizens/{petition.pk}/{action}/", data)
    assert response.status_code == 302
    after = _state(petition)
    assert (after[2] != events) == ((after[0], after[1]) != (status, handler))


@fuzz(20)
@given(changed=overrides(["decision", "kind", "reason", "forwarded_to"]))
def test_fuzz_classify(clerk_a_client, ward_a, changed):
    petition = submit(ward_a)
    data = {"decision": "accepted", "kind": "feedback", "reason": "", **changed}
    _action_safely(clerk_a_client, petition, "classify", data)


@fuzz(15)
@given(changed=overrides(["handler", "note"]))
def test_fuzz_assign(leader_a_client, leader_a, clerk_a, ward_a, changed):
    petition = submit(ward_a)
    services.petition_classify(petition=petition, user=leader_a, decision="accepted")
    data = {"handler": clerk_a.pk, "note": "", **changed}
    _action_safely(leader_a_client, petition, "assign", data)


@fuzz(15)
@given(changed=overrides(["answer", "conclusion"]))
def test_fuzz_resolve(clerk_a_client, leader_a, clerk_a, ward_a, changed):
    petition = submit(ward_a)
    services.petition_classify(petition=petition, user=leader_a, decision="accepted")
    services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    data = {"answer": "Phường đã cho thu gom rác trong hẻm.", "conclusion": "", **changed}
    _action_safely(clerk_a_client, petition, "resolve", data)


@fuzz(20)
@given(
    session=overrides(["date", "kind", "place", "note", "receiver"]),
    line=overrides(
        [
            "citizen_name",
            "address",
            "id_number",
            "group_size",
            "representatives",
            "content",
            "prior_handling",
            "request",
            "documents",
            "handling",
            "kind",
            "topic",
            "create_petition",
        ]
    ),
)
def test_fuzz_reception_book(clerk_a_client, ward_a, clerk_a, topic, session, line):
    data = {"unit": ward_a.pk, "date": "2026-03-02", "kind": "regular", "receiver": clerk_a.pk}
    post_safely(clerk_a_client, "/citizens/receptions/new/", {**data, **session}, Reception)
    reception = Reception.objects.first() or services.reception_create(
        user=clerk_a, unit=ward_a, date=__import__("datetime").date(2026, 3, 2),
        kind="regular", receiver=clerk_a,
    )  # fmt: skip
    entry = {
        "citizen_name": "Lê Văn Hùng",
        "group_size": "1",
        "content": "Hẻm 91 ngập nước khi mưa.",
        "kind": "feedback",
        "topic": topic.pk,
        **line,
    }
    post_safely(
        clerk_a_client,
        f"/citizens/receptions/{reception.pk}/",
        entry,
        ReceptionEntry,
        Petition,
    )


@pytest.mark.parametrize(
    "params", [{"year": "99999"}, {"year": "-5"}, {"unit": "²"}, {"unit": "٣"}, {"year": "x"}]
)
def test_the_reception_book_export_with_odd_parameters_is_never_a_500(clerk_a_client, params):
    assert clerk_a_client.get("/citizens/receptions/export/", params).status_code in (200, 404)
