import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import Open311Client, Petition
from tests.citizens.conftest import valid_form_data
from tests.citizens.factories import submit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
PERSONAL = ["0903123456", "hung@example.vn", "Lê Văn Hùng", "12 Tôn Thất Đạm"]


@pytest.fixture
def api_client(ward_a):
    return Open311Client.objects.create(name="Cổng 1022", unit=ward_a)


def test_discovery_services_and_definition(citizen_client):
    assert citizen_client.get("/open311/v2/discovery.json").json()["endpoints"]
    services = citizen_client.get("/open311/v2/services.json").json()
    assert {s["service_code"] for s in services} >= {"trat-tu-do-thi", "moi-truong"}
    assert citizen_client.get("/open311/v2/services/moi-truong.json").json()["attributes"] == []
    assert citizen_client.get("/open311/v2/services/khong-co.json").status_code == 404


def test_get_requests_has_no_personal_data_and_no_denunciations(citizen_client, ward_a):
    feedback = submit(ward_a)
    denunciation = submit(ward_a, kind="denunciation")
    body = citizen_client.get("/open311/v2/requests.json").content.decode()
    rows = json.loads(body)
    assert [r["service_request_id"] for r in rows] == [feedback.code]
    assert rows[0]["status"] == "open"
    for value in PERSONAL:
        assert value not in body
    assert denunciation.code not in body
    one = citizen_client.get(f"/open311/v2/requests/{feedback.code}.json").json()
    assert one[0]["service_request_id"] == feedback.code
    assert citizen_client.get(f"/open311/v2/requests/{denunciation.code}.json").status_code == 404


def test_get_requests_filters_and_90_day_window(citizen_client, ward_a):
    from datetime import date

    old = submit(ward_a, when=date(2026, 1, 5))
    recent = submit(ward_a)
    codes = [
        r["service_request_id"] for r in citizen_client.get("/open311/v2/requests.json").json()
    ]
    assert recent.code in codes and old.code not in codes
    rows = citizen_client.get(
        "/open311/v2/requests.json",
        {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-01-31T00:00:00+07:00"},
    ).json()
    assert [r["service_request_id"] for r in rows] == [old.code]
    assert citizen_client.get("/open311/v2/requests.json", {"status": "closed"}).json() == []
    assert (
        citizen_client.get("/open311/v2/requests.json", {"start_date": "hôm qua"}).status_code
        == 400
    )


def test_post_request_needs_a_valid_key(citizen_client, api_client, ward_a):
    data = {
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Ký Con",
        "address_string": "Đường Ký Con",
        "phone": "0903123456",
    }
    assert citizen_client.post("/open311/v2/requests.json", data).status_code == 403
    response = citizen_client.post(
        "/open311/v2/requests.json", {**data, "api_key": api_client.api_key}
    )
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    petition = Petition.objects.get(code=code)
    assert petition.channel == "open311" and petition.unit == ward_a
    assert "0903123456" not in response.content.decode()


def test_post_is_rate_limited_per_address_and_per_client(ward_a, api_client):
    from django.test import Client, override_settings

    data = {
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Ký Con",
        "address_string": "Đường Ký Con",
    }
    url = "/open311/v2/requests.json"
    with override_settings(OPEN311_RATE_PER_IP="3/h"):
        guesser = Client(REMOTE_ADDR="10.9.9.9")
        codes = [guesser.post(url, {**data, "api_key": f"guess-{i}"}).status_code for i in range(4)]
        assert codes == [403, 403, 403, 429]
        # The right key from that address is refused too, for now; another address is served.
        assert guesser.post(url, {**data, "api_key": api_client.api_key}).status_code == 429
        other = Client(REMOTE_ADDR="10.9.9.10")
        assert other.post(url, {**data, "api_key": api_client.api_key}).status_code == 201
    with override_settings(OPEN311_RATE_PER_CLIENT="2/h"):
        # different reports (the same one repeated within two minutes would be one petition)
        posts = [
            Client(REMOTE_ADDR=f"10.8.0.{i}").post(
                url,
                {
                    **data,
                    "description": f"{data['description']} ({i})",
                    "api_key": api_client.api_key,
                },
            )
            for i in range(3)
        ]
        assert [p.status_code for p in posts] == [201, 201, 429]
        assert posts[2].json()[0]["code"] == 429
    assert Petition.objects.count() == 3


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "service_code",
                "description",
                "lat",
                "long",
                "address_string",
                "jurisdiction_id",
                "email",
                "phone",
                "first_name",
                "api_key",
            ]
        ),
        st.text(max_size=300),
        max_size=10,
    )
)
def test_fuzz_open311_post(citizen_client, api_client, data):
    data = {**data, "api_key": data.get("api_key", api_client.api_key)}
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    before = Petition.objects.count()
    response = citizen_client.post("/open311/v2/requests.json", data)
    assert response.status_code < 500
    created = 1 if response.status_code == 201 else 0
    assert Petition.objects.count() == before + created


TEXT = st.text(max_size=400)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    overrides=st.dictionaries(
        st.sampled_from(
            [
                "kind",
                "topic",
                "unit",
                "title",
                "content",
                "place",
                "name",
                "phone",
                "email",
                "address",
                "id_number",
                "consent",
                "website",
                "idempotency_key",
                "accept_as_report",
            ]
        ),
        TEXT,
        max_size=8,
    )
)
def test_fuzz_public_form(citizen_client, ward_a, topic, overrides, settings_override):
    overrides = {k: v.replace("\x00", "") for k, v in overrides.items()}
    before = Petition.objects.count()
    response = citizen_client.post("/feedback/", {**valid_form_data(ward_a, topic), **overrides})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Petition.objects.count() == before


@pytest.fixture
def settings_override(settings):
    settings.CITIZENS_RATE_PER_IP = "100000/h"
    settings.CITIZENS_RATE_PER_PHONE = "100000/h"


def test_a_ward_code_names_the_ward_in_force_today(citizen_client, api_client, province, ward_b):
    # Since 01/7/2025 the code of Phường Bến Nghé (ended) is Phường Sài Gòn's.
    from datetime import date

    from ward_portal.models import AdministrativeUnit

    AdministrativeUnit.objects.filter(pk=ward_b.pk).update(valid_to=date(2025, 6, 30))
    sai_gon = UnitFactory(
        code="26740", name="Phường Sài Gòn", parent=province, valid_from=date(2025, 7, 1)
    )
    old = submit(ward_b, when=date(2025, 6, 20))
    data = {
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Đồng Khởi",
        "address_string": "Đường Đồng Khởi",
        "jurisdiction_id": "26740",
        "api_key": api_client.api_key,
    }
    response = citizen_client.post("/open311/v2/requests.json", data)
    assert response.status_code == 201
    new = Petition.objects.get(code=response.json()[0]["service_request_id"])
    assert new.unit == sai_gon
    rows = citizen_client.get("/open311/v2/requests.json", {"jurisdiction_id": "26740"}).json()
    assert [r["service_request_id"] for r in rows] == [new.code]
    assert old.code not in str(rows)


def test_an_ended_wards_code_is_refused_with_its_successors(
    citizen_client, api_client, province, ward_b
):
    from datetime import date

    from ward_portal.models import AdministrativeUnit, UnitSuccession

    AdministrativeUnit.objects.filter(pk=ward_b.pk).update(valid_to=date(2025, 6, 30))
    ward_b.refresh_from_db()
    for code, name in [("27001", "Phường Mới"), ("27004", "Phường Khác")]:
        heir = UnitFactory(code=code, name=name, parent=province, valid_from=date(2025, 7, 1))
        UnitSuccession.objects.create(
            predecessor=ward_b, successor=heir, effective_on=date(2025, 7, 1), partial=True
        )
    data = {
        "service_code": "moi-truong",
        "description": "Rác tràn ra đường Đồng Khởi",
        "address_string": "Đường Đồng Khởi",
        "jurisdiction_id": ward_b.code,
        "api_key": api_client.api_key,
    }
    before = Petition.objects.count()
    response = citizen_client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400
    description = response.json()[0]["description"]
    assert "ended on 30/06/2025" in description
    assert "27001 (Phường Mới)" in description and "27004 (Phường Khác)" in description
    assert Petition.objects.count() == before


def test_title_and_place_are_public_only_once_staff_accept(citizen_client, ward_a, clerk_a):
    from citizens import services

    petition = submit(ward_a, place="Hẻm 91 Nguyễn Công Trứ")
    Petition.objects.filter(pk=petition.pk).update(latitude="10.77", longitude="106.70")
    url = f"/open311/v2/requests/{petition.code}.json"
    (waiting,) = citizen_client.get(url).json()
    assert (waiting["description"], waiting["address"], waiting["lat"]) == ("", "", None)
    assert "once the ward accepts" in waiting["service_notice"]
    listed = citizen_client.get("/open311/v2/requests.json").content.decode()
    assert petition.title not in listed and "Hẻm 91" not in listed
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    (accepted,) = citizen_client.get(url).json()
    assert accepted["description"] == petition.title
    assert accepted["address"] == "Hẻm 91 Nguyễn Công Trứ"
    assert accepted["lat"] == 10.77 and accepted["service_notice"] == ""


def test_a_petition_turned_away_never_shows_its_title(citizen_client, ward_a, clerk_a):
    from citizens import services

    petition = submit(ward_a)
    services.petition_classify(
        petition=petition, user=clerk_a, decision="ineligible", reason="Không thuộc thẩm quyền"
    )
    (row,) = citizen_client.get(f"/open311/v2/requests/{petition.code}.json").json()
    assert row["description"] == "" and row["status"] == "closed"


def test_the_public_form_says_what_becomes_public(citizen_client, ward_a):
    page = citizen_client.get("/feedback/").content.decode()
    assert "tiêu đề, lĩnh vực và địa điểm</strong> bạn ghi ở trên được công khai" in page
    assert "thông tin liên hệ không công khai" in page
