import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from citizens import services
from citizens.choices import Status
from citizens.models import PersonalDataAccess, Petition, PetitionAttachment
from tests.citizens.conftest import jpeg_with_gps, valid_form_data
from tests.citizens.factories import submit
from tests.factories import UnitFactory
from tests.helpers import assert_not_found_for

pytestmark = pytest.mark.django_db
SUBMIT = "/feedback/"


def test_form_preselects_the_ward_from_the_link(citizen_client, ward_a, ward_b):
    response = citizen_client.get(f"/feedback/{ward_a.code}/")
    assert response.status_code == 200
    assert response.context["form"].initial["unit"] == ward_a.code
    response = citizen_client.get(f"{SUBMIT}?ward={ward_b.code}")
    assert response.context["form"].initial["unit"] == ward_b.code
    assert citizen_client.get("/feedback/99999/").status_code == 404


def test_an_ended_wards_address_leads_to_its_successors(
    citizen_client, province, ward_a, ward_b, topic
):
    """Phường Nguyễn Thái Bình's poster still says /feedback/26746/: since 01/7/2025 the citizen
    chooses between Sài Gòn and Bến Thành; a ward that went wholly into one goes straight there;
    the list offers only units in force, and a forged post for an ended ward is refused."""
    from ward_portal.models import AdministrativeUnit, UnitSuccession

    day = date(2025, 7, 1)
    AdministrativeUnit.objects.filter(pk__in=[ward_a.pk, ward_b.pk]).update(
        valid_to=date(2025, 6, 30)
    )
    sai_gon = UnitFactory(code="27001", name="Phường Sài Gòn", parent=province, valid_from=day)
    ben_thanh = UnitFactory(code="27004", name="Phường Bến Thành", parent=province, valid_from=day)
    for heir in (sai_gon, ben_thanh):
        UnitSuccession.objects.create(
            predecessor=ward_a, successor=heir, effective_on=day, partial=True
        )
    UnitSuccession.objects.create(predecessor=ward_b, successor=sai_gon, effective_on=day)

    page = citizen_client.get(f"/feedback/{ward_a.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "hoạt động đến ngày 30/06/2025" in html
    assert 'href="/feedback/27001/"' in html and 'href="/feedback/27004/"' in html
    whole = citizen_client.get(f"{SUBMIT}?ward={ward_b.code}", follow=True)
    assert whole.redirect_chain == [("/feedback/27001/", 302)]
    assert "nay là Phường Sài Gòn" in whole.content.decode()
    assert whole.context["form"].initial["unit"] == "27001"
    offered = set(whole.context["form"].fields["unit"].queryset)
    assert offered == {sai_gon, ben_thanh}
    refused = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic))
    assert refused.status_code == 400 and not Petition.objects.exists()


def test_submit_shows_the_code_and_the_secret_link(citizen_client, ward_a, topic):
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic), follow=True)
    petition = Petition.objects.get()
    assert response.status_code == 200
    body = response.content.decode()
    assert petition.code in body and petition.secret in body
    assert petition.consent_at is not None and petition.channel == "online"


def test_double_submit_makes_one_petition(citizen_client, ward_a, topic):
    data = valid_form_data(ward_a, topic)
    citizen_client.post(SUBMIT, data)
    citizen_client.post(SUBMIT, data)
    assert Petition.objects.count() == 1


def test_rejected_submission_says_why_and_keeps_the_text(citizen_client, ward_a, topic):
    data = valid_form_data(ward_a, topic, consent="", phone="12ab")
    response = citizen_client.post(SUBMIT, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cần có sự đồng ý" in body and "Số điện thoại không đúng" in body
    assert "Rác để trong hẻm ba ngày" in body  # what was typed is still there
    assert not Petition.objects.exists()


def test_denunciation_without_identity_is_refused_unless_sent_as_a_report(
    citizen_client, ward_a, topic
):
    data = valid_form_data(
        ward_a, topic, kind="denunciation", name="", phone="", email="", address=""
    )
    response = citizen_client.post(SUBMIT, data)
    assert response.status_code == 400
    assert "Đơn tố cáo cần họ tên" in response.content.decode()
    data["accept_as_report"] = "on"
    assert citizen_client.post(SUBMIT, data).status_code == 302
    assert Petition.objects.get().anonymous


def test_complaint_asks_what_the_law_requires(citizen_client, ward_a, topic):
    data = valid_form_data(ward_a, topic, kind="complaint", address="")
    response = citizen_client.post(SUBMIT, data)
    assert response.status_code == 400
    assert "địa chỉ người khiếu nại" in response.content.decode()


def test_honeypot_rejects_and_creates_nothing(citizen_client, ward_a, topic):
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, website="http://spam"))
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_rate_limit_per_ip_keeps_the_text(citizen_client, ward_a, topic, settings):
    settings.CITIZENS_RATE_PER_IP = "2/h"
    for _ in range(2):
        citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, phone=""))
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, phone=""))
    assert response.status_code == 429
    assert "Rác để trong hẻm ba ngày" in response.content.decode()
    assert Petition.objects.count() == 2


def test_rate_limit_per_phone(ward_a, topic, settings):
    from django.test import Client

    settings.CITIZENS_RATE_PER_PHONE = "1/h"
    first = Client(REMOTE_ADDR="10.0.0.1").post(SUBMIT, valid_form_data(ward_a, topic))
    second = Client(REMOTE_ADDR="10.0.0.2").post(SUBMIT, valid_form_data(ward_a, topic))
    assert (first.status_code, second.status_code) == (302, 429)


def test_cache_outage_never_blocks_the_form(citizen_client, ward_a, topic, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr("citizens.throttle.is_ratelimited", broken)
    assert citizen_client.post(SUBMIT, valid_form_data(ward_a, topic)).status_code == 302


def test_photo_is_checked_by_content_and_stripped_of_gps(citizen_client, ward_a, topic):
    photo = SimpleUploadedFile("anh.jpg", jpeg_with_gps(), content_type="image/jpeg")
    fake = SimpleUploadedFile(
        "hoa-don.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, files=[fake]))
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "không phải ảnh JPEG" in response.content.decode()
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, files=[photo]))
    assert response.status_code == 302
    attachment = PetitionAttachment.objects.get()
    with attachment.file.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert "exif" not in image.info


def test_too_many_files_refused(citizen_client, ward_a, topic):
    files = [
        SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        for n in range(6)
    ]
    response = citizen_client.post(SUBMIT, valid_form_data(ward_a, topic, files=files))
    assert response.status_code == 400


def test_case_page_by_code_and_phone_then_rating_once(citizen_client, ward_a, clerk_a):
    petition = submit(ward_a)
    response = citizen_client.post(
        "/feedback/track/", {"code": petition.code.lower(), "phone": "0903 123 456"}
    )
    case_url = reverse("citizens_public:case", args=[petition.code, petition.secret])
    assert response.status_code == 302 and response.url == case_url
    wrong = citizen_client.post("/feedback/track/", {"code": petition.code, "phone": "0900000000"})
    assert wrong.status_code == 200 and "Không tìm thấy" in wrong.content.decode()
    assert (
        citizen_client.get(
            reverse("citizens_public:case", args=[petition.code, "x" * 32])
        ).status_code
        == 404
    )
    page = citizen_client.get(case_url).content.decode()
    assert "0903123456" not in page and "hung@example.vn" not in page and "Lê Văn Hùng" not in page
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=clerk_a, handler=clerk_a)
    services.petition_add_note(petition=petition, user=clerk_a, text="Ghi chú mật", public=False)
    services.petition_resolve(petition=petition, user=clerk_a, answer="Đã dọn sạch rác.")
    page = citizen_client.get(case_url).content.decode()
    assert "Đã dọn sạch rác." in page and "Ghi chú mật" not in page
    citizen_client.post(case_url, {"satisfied": "1", "comment": "Cảm ơn"})
    citizen_client.post(case_url, {"satisfied": "0"})
    petition.refresh_from_db()
    assert petition.satisfied is True and petition.rating_comment == "Cảm ơn"


# --- staff ----------------------------------------------------------------------------------


def test_other_ward_gets_404_everywhere(clerk_b_client, ward_a, clerk_a):
    petition = submit(ward_a)
    attachment = PetitionAttachment.objects.create(
        petition=petition,
        original_name="a.pdf",
        content_type="application/pdf",
        size=1,
        file="citizens/x.pdf",
    )
    assert_not_found_for(clerk_b_client, f"/citizens/{petition.pk}/")
    assert_not_found_for(
        clerk_b_client,
        f"/citizens/{petition.pk}/classify/",
        method="post",
        data={"decision": "accepted", "kind": "feedback"},
    )
    assert_not_found_for(clerk_b_client, f"/citizens/{petition.pk}/files/{attachment.pk}/")
    assert petition.code not in clerk_b_client.get("/citizens/").content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED


def test_upper_level_reads_but_cannot_act(upper_leader_client, ward_a):
    petition = submit(ward_a)
    assert upper_leader_client.get(f"/citizens/{petition.pk}/").status_code == 200
    response = upper_leader_client.post(
        f"/citizens/{petition.pk}/classify/", {"decision": "accepted", "kind": "feedback"}
    )
    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED
    page = upper_leader_client.get("/citizens/statistics/").content.decode()
    assert ward_a.name in page


def test_personal_data_masked_for_clerk_shown_and_logged_for_leader(
    clerk_a_client, leader_a_client, ward_a, clerk_a, leader_a
):
    petition = submit(ward_a, id_number="079123456789")
    page = clerk_a_client.get(f"/citizens/{petition.pk}/").content.decode()
    assert "0903123456" not in page and "079123456789" not in page and "09******56" in page
    assert not PersonalDataAccess.objects.exists()
    page = leader_a_client.get(f"/citizens/{petition.pk}/").content.decode()
    assert "0903123456" in page and "079123456789" in page
    assert PersonalDataAccess.objects.get().user == leader_a
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    assert "0903123456" in clerk_a_client.get(f"/citizens/{petition.pk}/").content.decode()
    assert PersonalDataAccess.objects.filter(user=clerk_a).count() == 1


def test_denouncer_identity_only_for_handler_and_assigning_leader(
    ward_a, clerk_a, leader_a, client
):
    from tests.factories import RoleFactory
    from ward_portal.models import Role

    other_leader = RoleFactory(unit=ward_a, role=Role.LEADER, user__username="leader2").user
    petition = submit(ward_a, kind="denunciation", name="Trương Quốc Bảo")
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    for user, visible in [(clerk_a, True), (leader_a, True), (other_leader, False)]:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(f"/citizens/{petition.pk}/").content.decode()
        assert ("Trương Quốc Bảo" in page) is visible, user


def test_staff_flow_through_the_views(clerk_a_client, leader_a_client, ward_a, clerk_a):
    petition = submit(ward_a)
    url = f"/citizens/{petition.pk}/"
    clerk_a_client.post(url + "classify/", {"decision": "accepted", "kind": "feedback"})
    leader_a_client.post(url + "assign/", {"handler": clerk_a.pk})
    clerk_a_client.post(url + "start/")
    clerk_a_client.post(url + "resolve/", {"answer": "Đã xử lý xong."})
    clerk_a_client.post(url + "note/", {"text": "Nội bộ", "public": ""})
    petition.refresh_from_db()
    assert petition.status == Status.RESOLVED and petition.handler == clerk_a
    page = clerk_a_client.get(url).content.decode()
    assert "Nội bộ" in page and "nội bộ" in page
    # The history in words: what was done, then the state it left the case in; never codes.
    history = page.split('class="timeline"', 1)[1].split("</ol>")[0]
    for words in ["Tiếp nhận", "Phân loại", "Giao người xử lý", "Giải quyết, trả lời", "Ghi chú"]:
        assert words in history, words
    for code in ["(received)", "classified", "assigned", "resolved"]:
        assert code not in history, code


def test_bulk_assign(clerk_a_client, ward_a, ward_b, clerk_a, clerk_b):
    mine = [submit(ward_a), submit(ward_a)]
    theirs = submit(ward_b)
    for p in [*mine, theirs]:
        services.petition_classify(
            petition=p, user=clerk_a if p.unit == ward_a else clerk_b, decision="accepted"
        )
    clerk_a_client.post(
        "/citizens/assign/", {"handler": clerk_a.pk, "petitions": [p.pk for p in [*mine, theirs]]}
    )
    assert Petition.objects.filter(handler=clerk_a).count() == 2
    theirs.refresh_from_db()
    assert theirs.handler is None


def test_list_filters_and_folded_search(clerk_a_client, ward_a, clerk_a):
    submit(ward_a, title="Bến cóc xe dù đường Hàm Nghi")
    submit(ward_a, title="Rác tồn đọng")
    complaint = submit(ward_a, kind="complaint", title="Khiếu nại quyết định xử phạt")
    accepted = submit(ward_a, title="Đèn đường hỏng")
    services.petition_classify(petition=accepted, user=clerk_a, decision="accepted")
    page = clerk_a_client.get("/citizens/?q=ben+coc+HAM+nghi").content.decode()
    assert "Bến cóc xe dù" in page and "Rác tồn đọng" not in page
    page = clerk_a_client.get("/citizens/?status=received&kind=feedback").content.decode()
    assert "Rác tồn đọng" in page and "Bến cóc xe dù" in page
    assert complaint.title not in page and accepted.title not in page


def _bulk_petitions(unit, topic, count, offset=0):
    from django.utils import timezone

    now = timezone.now()
    Petition.objects.bulk_create(
        [
            Petition(
                unit=unit,
                topic=topic,
                kind="feedback",
                code=f"BULK-{offset + n}",
                title=f"Việc {n}",
                content="Nội dung",
                received_at=now,
                received_on=now.date(),
                due_date=date(2026, 1, 1),
                secret=uuid.uuid4().hex,
                search_text="viec",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def test_staff_list_costs_the_same_at_10_and_10000(
    clerk_a_client, ward_a, topic, django_assert_num_queries
):
    _bulk_petitions(ward_a, topic, 10)
    # session, user; 1 count (the table's paginator); changeable units: exists + ids; the page
    # of rows (unit, topic, handler joined); topic choices; handler filter choices (scoped);
    # assignable handlers; header: user roles; savepoint pair; session save
    with django_assert_num_queries(13):
        assert clerk_a_client.get("/citizens/?overdue=true").status_code == 200
    _bulk_petitions(ward_a, topic, 9990, offset=10)
    with django_assert_num_queries(13):
        response = clerk_a_client.get("/citizens/?overdue=true")
    assert response.status_code == 200 and "BULK-" in response.content.decode()


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_petition_actions_run_their_service_and_say_what_was_refused(
    clerk_a_client, ward_a, ward_b, topic
):
    petition = submit(ward_a)
    url = f"/citizens/{petition.pk}/"
    # The form's own errors: messages, nothing done, back on the case.
    response = clerk_a_client.post(url + "classify/", {"decision": "accepted"}, follow=True)
    assert response.redirect_chain == [(url, 302)] and len(_messages(response)) == 1
    # The service's field error is a message too (the form is not on the page any more).
    response = clerk_a_client.post(
        url + "classify/", {"decision": "ineligible", "kind": "feedback"}, follow=True
    )
    assert _messages(response) == ["Hãy ghi rõ lý do."]
    response = clerk_a_client.post(
        url + "classify/",
        {"decision": "split", "kind": "feedback", "reason": "Hai nội dung"},
        follow=True,
    )
    assert _messages(response) == ["Đã lưu."]
    response = clerk_a_client.post(
        url + "classify/", {"decision": "accepted", "kind": "feedback"}, follow=True
    )
    assert _messages(response)[0].startswith("Không thể phân loại hồ sơ")
    response = clerk_a_client.post(
        url + "split_part/",
        {"kind": "feedback", "topic": topic.pk, "title": "Phần hai", "content": "Nội dung hai"},
        follow=True,
    )
    part = Petition.objects.get(parent=petition)
    assert _messages(response) == [f"Đã tạo hồ sơ {part.code}."]
    # Merging into another ward's case: that case is not found.
    other = submit(ward_b)
    response = clerk_a_client.post(f"/citizens/{part.pk}/merge/", {"into": other.pk})
    assert response.status_code == 404
    duplicate = submit(ward_a)
    clerk_a_client.post(f"/citizens/{duplicate.pk}/merge/", {"into": part.pk})
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.duplicate_of == part
    assert clerk_a_client.post(url + "archive/").status_code == 404


def test_a_petition_action_never_sends_the_user_to_another_site(clerk_a_client, ward_a):
    petition = submit(ward_a)
    response = clerk_a_client.post(
        f"/citizens/{petition.pk}/note/?next=https://evil.example/",
        {"text": "Nội bộ", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == f"/citizens/{petition.pk}/"


def test_a_decided_complaint_says_where_to_complain_next_on_the_day_of_the_decision(
    citizen_client, clerk_a_client, province, district, ward_a, clerk_a, leader_a
):
    """The second instance is the chairman of the unit above the ward on the day of the
    decision: Quận 1 before 01/7/2025 (confirmed), the city since then (unconfirmed, and marked
    so)."""
    import time_machine

    from citizens.choices import Conclusion

    def decided(day):
        petition = submit(ward_a, kind="complaint", when=day)
        with time_machine.travel(day, tick=False):
            services.petition_classify(petition=petition, user=clerk_a, decision=Status.ACCEPTED)
            services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
            services.petition_start(petition=petition, user=clerk_a)
            petition = services.petition_resolve(
                petition=petition,
                user=clerk_a,
                answer="Giữ nguyên quyết định xử phạt.",
                conclusion=Conclusion.WRONG,
            )
        return petition

    before = decided(date(2024, 5, 6))
    district.valid_to = date(2025, 6, 30)
    district.save()
    after = decided(date(2026, 3, 2))
    page = citizen_client.get(f"/feedback/case/{before.code}/{before.secret}/").content.decode()
    assert "khiếu nại lần hai đến Chủ tịch UBND Quận 1" in page
    assert "đến ngày 05/06/2024" in page and "chưa xác nhận" not in page
    page = citizen_client.get(f"/feedback/case/{after.code}/{after.secret}/").content.decode()
    assert "khiếu nại lần hai đến Chủ tịch UBND Thành phố Hồ Chí Minh" in page
    assert "chưa xác nhận" in page
    staff = clerk_a_client.get(f"/citizens/{after.pk}/").content.decode()
    assert 'data-testid="second-instance"' in staff
    feedback = submit(ward_a, when=date(2026, 3, 2))
    staff = clerk_a_client.get(f"/citizens/{feedback.pk}/").content.decode()
    assert 'data-testid="second-instance"' not in staff
