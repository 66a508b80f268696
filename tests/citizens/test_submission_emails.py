"""The e-mails a submission writes, word for word (captured before their bodies moved from
Python strings into templates): a template must not escape, trim or add a line."""

from datetime import date

import pytest
from django.utils import translation

from citizens.choices import NotificationKind
from tests.citizens.factories import submit

pytestmark = pytest.mark.django_db

TITLE = 'Đèn "hỏng" & <cống> tràn'


def _bodies(petition) -> dict[str, tuple[str, str, str]]:
    return {
        n.kind: (n.recipient, n.subject, n.body)
        for n in petition.notifications.order_by("kind", "pk")
    }


def test_submission_emails_in_vietnamese(ward_a, clerk_a):
    petition = submit(ward_a, when=date(2026, 11, 27), title=TITLE)
    case = f"http://testserver/feedback/case/{petition.code}/{petition.secret}/"
    assert _bodies(petition) == {
        NotificationKind.CONFIRMATION: (
            "hung@example.vn",
            "Phường đã nhận phản ánh NTB-2026-000001",
            "Kính gửi ông/bà,\n\nPhường Nguyễn Thái Bình đã nhận phản ánh, kiến nghị của ông/bà "
            "với mã hồ sơ NTB-2026-000001, ngày 27/11/2026.\nHạn phân loại, xử lý: 11/12/2026."
            f"\n\nTheo dõi hồ sơ tại: {case}\n\n"
            "Đường dẫn này là riêng của ông/bà, xin đừng chia sẻ.",
        ),
        NotificationKind.STAFF_NEW: (
            "clerk_a@example.vn",
            "Phản ánh mới NTB-2026-000001",
            'Có phản ánh, kiến nghị mới: Đèn "hỏng" & <cống> tràn.\nHạn phân loại: 11/12/2026.\n'
            f"http://testserver/citizens/{petition.pk}/",
        ),
    }


def test_submission_emails_in_english(ward_a, clerk_a):
    with translation.override("en"):
        petition = submit(ward_a, when=date(2026, 11, 27), title=TITLE)
    case = f"http://testserver/feedback/case/{petition.code}/{petition.secret}/"
    assert _bodies(petition) == {
        NotificationKind.CONFIRMATION: (
            "hung@example.vn",
            "The ward has received petition NTB-2026-000001",
            "Dear citizen,\n\nPhường Nguyễn Thái Bình has received your feedback, recommendation "
            "with case code NTB-2026-000001 on 27/11/2026.\nClassification due: 11/12/2026.\n\n"
            f"Follow your case at: {case}\n\nThis link is yours only; please do not share it.",
        ),
        NotificationKind.STAFF_NEW: (
            "clerk_a@example.vn",
            "New petition NTB-2026-000001",
            'New feedback, recommendation: Đèn "hỏng" & <cống> tràn.\n'
            "Classification due: 11/12/2026.\n"
            f"http://testserver/citizens/{petition.pk}/",
        ),
    }


def test_no_confirmation_without_an_email_address(ward_a, clerk_a):
    petition = submit(ward_a, email="")
    assert set(_bodies(petition)) == {NotificationKind.STAFF_NEW}
