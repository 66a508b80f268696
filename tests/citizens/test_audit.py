"""Petitions in the audit log (ward_portal/audit.py): a citizen's submission is the public's,
staff work is the person's, viewing personal data and attachments and exporting the reception
book are logged, and the citizen's identity never enters the log."""

import json

import pytest
from django.urls import reverse

from citizens import services
from citizens.models import Petition, PetitionAttachment
from tests.citizens.conftest import valid_form_data
from tests.citizens.factories import submit
from ward_portal.models import AuditEntry, AuditSource

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("pk")


def test_a_public_submission_is_the_publics_and_keeps_the_identity_out(
    citizen_client, ward_a, topic
):
    citizen_client.post("/feedback/", valid_form_data(ward_a, topic))
    petition = Petition.objects.get()
    entry = entries_for(petition).first()
    assert (entry.action, entry.source, entry.actor_id, entry.unit_id) == (
        "create",
        AuditSource.PUBLIC,
        None,
        ward_a.pk,
    )
    logged = json.dumps([e.after for e in AuditEntry.objects.all()], ensure_ascii=False)
    for identity in ("Lê Văn Hùng", "0903123456", "hung@example.vn", "12 Nguyễn Thái Bình"):
        assert identity not in logged
    assert entry.after["name"] == "***" and entry.after["title"] == "Rác tồn đọng trong hẻm"


def test_classifying_from_the_page_is_a_state_change_by_the_clerk(clerk_a_client, clerk_a, ward_a):
    petition = submit(ward_a)
    response = clerk_a_client.post(
        f"/citizens/{petition.pk}/classify/", {"decision": "accepted", "kind": "feedback"}
    )
    assert response.status_code == 302
    entry = entries_for(petition).get(action="state")
    assert entry.actor_id == clerk_a.pk and entry.unit_id == ward_a.pk
    assert entry.before["status"] == "received" and entry.after["status"] != "received"


def test_viewing_personal_data_is_logged_only_when_shown(
    clerk_a_client, leader_a_client, leader_a, ward_a
):
    petition = submit(ward_a)
    clerk_a_client.get(f"/citizens/{petition.pk}/")  # masked for the clerk: nothing shown
    assert not AuditEntry.objects.filter(action="view").exists()
    leader_a_client.get(f"/citizens/{petition.pk}/")
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor_id, entry.unit_id, entry.object_id) == (
        leader_a.pk,
        ward_a.pk,
        str(petition.pk),
    )


def test_opening_an_attachment_is_logged_without_its_name(
    leader_a_client, leader_a, ward_a, settings, tmp_path
):
    # The ward's leader: a clerk who does not handle the petition may not open its files.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "citizens").mkdir()
    (tmp_path / "citizens" / "x.pdf").write_bytes(b"%PDF-1.7")
    petition = submit(ward_a)
    attachment = PetitionAttachment.objects.create(
        petition=petition,
        original_name="cccd-le-van-hung.pdf",
        content_type="application/pdf",
        size=8,
        file="citizens/x.pdf",
    )
    response = leader_a_client.get(f"/citizens/{petition.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    entry = entries_for(attachment).get(action="view")
    assert entry.actor_id == leader_a.pk and entry.unit_id == ward_a.pk
    assert "hung" not in entry.object_repr
    assert "hung" not in json.dumps(entries_for(attachment).first().after)


def test_exporting_the_reception_book_is_logged(clerk_a_client, clerk_a, ward_a):
    response = clerk_a_client.get(f"/citizens/receptions/export/?unit={ward_a.pk}&year=2025")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert (entry.actor_id, entry.unit_id, entry.after) == (
        clerk_a.pk,
        ward_a.pk,
        {"year": 2025, "book": "reception"},
    )


def test_a_citizens_rating_is_logged_as_the_publics(citizen_client, ward_a, clerk_a):
    petition = submit(ward_a)
    services.petition_classify(petition=petition, user=clerk_a, decision="accepted")
    services.petition_assign(petition=petition, user=clerk_a, handler=clerk_a)
    services.petition_resolve(petition=petition, user=clerk_a, answer="Đã dọn sạch rác.")
    case_url = reverse("citizens_public:case", args=[petition.code, petition.secret])
    citizen_client.post(case_url, {"satisfied": "1", "comment": "Cảm ơn"})
    citizen_client.post(case_url, {"satisfied": "0"})  # once only: nothing changes
    entry = entries_for(petition).get(action="update", after__has_key="satisfied")
    assert entry.source == AuditSource.PUBLIC and entry.unit_id == ward_a.pk
    assert entry.before == {"satisfied": None, "rating_comment": ""}
    assert entry.after == {"satisfied": True, "rating_comment": "Cảm ơn"}
