"""Every upload keeps to its stated limits: pixels (a small file can declare a huge image),
bytes and count; a decompression bomb is refused as a form error, never decoded."""

import io
import warnings

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citizens.forms import MAX_FILES, clean_upload
from citizens.models import Petition
from meetings import services as meeting_services
from meetings.errors import MeetingError
from meetings.models import MeetingAttachment
from tests.citizens.conftest import isolated_cache, valid_form_data  # noqa: F401 (autouse)
from ward_portal.files import MAX_PIXELS, check_image


def png(width: int, height: int) -> bytes:
    """A real PNG of one colour: a few kilobytes however many pixels it declares."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


PNG_64_MEGAPIXELS = png(8000, 8000)  # 64 million pixels: above the limit, below Pillow's own


def test_a_64_megapixel_png_is_small_in_bytes_and_passes_pillows_own_limit():
    assert len(PNG_64_MEGAPIXELS) < 5 * 1024 * 1024
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Image.open(io.BytesIO(PNG_64_MEGAPIXELS)).close()  # Pillow alone lets it through


def test_the_kernel_refuses_more_pixels_than_the_limit_without_decoding():
    with pytest.raises(ValidationError) as refused:
        check_image(io.BytesIO(PNG_64_MEGAPIXELS), name="ban-do.png")
    assert refused.value.messages == [
        "Ảnh “ban-do.png” quá lớn: tối đa 40 triệu điểm ảnh (megapixel)."
    ]
    check_image(io.BytesIO(png(6000, 6000)), name="vua.png")  # 36 megapixels: accepted


def test_a_decompression_bomb_is_a_refusal_not_an_error():
    bomb = png(14_000, 14_000)  # 196 megapixels: Pillow raises its DecompressionBombError
    with pytest.raises(ValidationError):
        check_image(io.BytesIO(bomb), name="bom.png", max_pixels=10**12)
    assert MAX_PIXELS == 40_000_000


def test_the_public_form_refuses_a_64_megapixel_png(citizen_client, ward_a, topic):
    upload = SimpleUploadedFile("anh.png", PNG_64_MEGAPIXELS, content_type="image/png")
    response = citizen_client.post("/feedback/", valid_form_data(ward_a, topic, files=[upload]))
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "quá lớn: tối đa 40 triệu điểm ảnh" in response.content.decode()


def test_the_public_form_keeps_its_byte_and_count_limits(citizen_client, ward_a, topic):
    big = SimpleUploadedFile("to.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError):
        clean_upload(big)
    files = [
        SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        for n in range(MAX_FILES + 1)
    ]
    response = citizen_client.post("/feedback/", valid_form_data(ward_a, topic, files=files))
    assert response.status_code == 400 and not Petition.objects.exists()


def test_a_meeting_attachment_image_keeps_the_pixel_limit(meeting_a, leader_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("so-do.png", PNG_64_MEGAPIXELS, content_type="image/png")
    with pytest.raises(MeetingError) as refused:
        meeting_services.attachment_add(
            user=leader_a, meeting=meeting_a, kind="report", upload=upload
        )
    assert "quá lớn" in refused.value.messages[0] and not MeetingAttachment.objects.exists()
    small = SimpleUploadedFile("so-do.png", png(100, 100), content_type="image/png")
    meeting_services.attachment_add(user=leader_a, meeting=meeting_a, kind="report", upload=small)
    assert MeetingAttachment.objects.count() == 1


@pytest.fixture
def topic(db):
    from citizens.models import Topic

    return Topic.objects.get(code="moi-truong")


@pytest.fixture
def meeting_a(ward_a, leader_a, clerk_a):
    from tests.meetings.factories import make_meeting

    return make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a)


def _zip_bomb() -> bytes:
    """A workbook-looking zip whose one member unpacks to 600 MB of zeros (about 600 KB)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = bytes(1024 * 1024)
            for _ in range(600):
                member.write(block)
    return out.getvalue()


def test_the_budget_import_refuses_a_zip_bomb_and_a_renamed_file():
    from budget.forms import ImportForm

    bomb = SimpleUploadedFile("chung-tu.xlsx", _zip_bomb())
    form = ImportForm(data={"kind": "entries"}, files={"file": bomb})
    assert not form.is_valid()
    assert form.errors["file"] == ["Tệp giải nén ra quá lớn (tối đa 500 MB)."]
    renamed = SimpleUploadedFile("chung-tu.xlsx", b"%PDF-1.4 not a workbook")
    form = ImportForm(data={"kind": "entries"}, files={"file": renamed})
    assert form.errors["file"] == ["Tệp không phải bảng tính Excel .xlsx."]
    out = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(out)
    good = SimpleUploadedFile("chung-tu.xlsx", out.getvalue())
    assert ImportForm(data={"kind": "entries"}, files={"file": good}).is_valid()
