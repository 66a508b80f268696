"""A petition's attachments are personal data, like the petitioner's contact details: only the
handler and the ward's leaders open them, every opening is logged (PersonalDataAccess), and the
others see how many files there are but get a 404 on the file. A reception session's page
names the citizens received: it is logged too (the audit log)."""

import pytest
from django.core.files.base import ContentFile

from citizens import services
from citizens.models import PersonalDataAccess, PetitionAttachment
from tests.citizens.factories import submit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(ward_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    petition = submit(ward_a)
    attachment = PetitionAttachment(
        petition=petition, original_name="so-do-nha.pdf", content_type="application/pdf", size=13
    )
    attachment.file.save("so-do-nha.pdf", ContentFile(b"%PDF-1.4 nha"), save=True)
    return petition


def file_url(petition):
    return f"/citizens/{petition.pk}/files/{petition.attachments.get().pk}/"


def test_clerk_who_does_not_handle_it_sees_the_count_but_cannot_open(clerk_a_client, petition):
    page = clerk_a_client.get(f"/citizens/{petition.pk}/").content.decode()
    assert "1 tệp đính kèm: chỉ người xử lý và lãnh đạo phường được mở." in page
    assert file_url(petition) not in page and "so-do-nha.pdf" not in page
    assert clerk_a_client.get(file_url(petition)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_upper_leader_cannot_open_a_wards_attachment(upper_leader_client, petition):
    assert upper_leader_client.get(f"/citizens/{petition.pk}/").status_code == 200
    assert upper_leader_client.get(file_url(petition)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_leader_opens_it_and_each_view_and_download_is_logged(leader_a, petition):
    client = client_for(leader_a)
    page = client.get(f"/citizens/{petition.pk}/").content.decode()
    assert file_url(petition) in page and "so-do-nha.pdf" in page
    response = client.get(file_url(petition))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # ward_portal.middleware
    assert b"".join(response.streaming_content) == b"%PDF-1.4 nha"
    client.get(file_url(petition))
    attachment = petition.attachments.get()
    purposes = sorted(
        PersonalDataAccess.objects.filter(user=leader_a, petition=petition).values_list(
            "purpose", flat=True
        )
    )
    assert purposes == [f"attachment {attachment.pk}"] * 2 + ["detail"]


def test_handler_opens_it_once_assigned(clerk_a, leader_a, clerk_a_client, petition):
    assert clerk_a_client.get(file_url(petition)).status_code == 404
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=leader_a, handler=clerk_a)
    assert clerk_a_client.get(file_url(petition)).status_code == 200
    assert PersonalDataAccess.objects.filter(user=clerk_a).count() == 1


def test_attachments_without_contact_details_still_log_the_page_view(ward_a, leader_a, petition):
    type(petition).objects.filter(pk=petition.pk).update(
        name="", phone="", email="", address="", id_number=""
    )
    client_for(leader_a).get(f"/citizens/{petition.pk}/")
    assert PersonalDataAccess.objects.filter(purpose="detail").count() == 1


def test_a_reception_page_naming_citizens_is_logged(ward_a, clerk_a):
    from django.utils import timezone

    from ward_portal.models import AuditEntry

    reception = services.reception_create(
        user=clerk_a, unit=ward_a, date=timezone.localdate(), kind="regular", receiver=clerk_a
    )
    views = AuditEntry.objects.filter(action="view", object_type="citizens.reception")
    assert client_for(clerk_a).get(f"/citizens/receptions/{reception.pk}/").status_code == 200
    assert not views.exists()  # an empty session names nobody
    services.reception_entry_add(
        user=clerk_a,
        reception=reception,
        citizen_name="Phạm Thị Lan",
        content="Hỏi về cấp giấy chứng nhận quyền sử dụng đất.",
    )
    page = client_for(clerk_a).get(f"/citizens/receptions/{reception.pk}/")
    assert "Phạm Thị Lan" in page.content.decode()
    (entry,) = views
    assert (entry.actor, entry.unit_id, entry.object_id) == (clerk_a, ward_a.pk, str(reception.pk))
