import io
import uuid

import pytest
from PIL import Image

from citizens.models import Topic


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Rate limits count in a private in-memory cache per test (never the shared Redis)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"citizens-{uuid.uuid4()}",
        }
    }
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def topic(db):
    return Topic.objects.get(code="moi-truong")


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a GPS block (as a phone camera writes it)."""
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (10.0, 46.0, 12.0), 3: "E", 4: (106.0, 41.0, 58.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def valid_form_data(unit, topic, **overrides):
    data = {
        "kind": "feedback",
        "topic": topic.pk,
        "unit": unit.code,
        "title": "Rác tồn đọng trong hẻm",
        "content": "Rác để trong hẻm ba ngày không được thu gom, bốc mùi rất khó chịu.",
        "place": "Hẻm 91 Nguyễn Công Trứ",
        "name": "Lê Văn Hùng",
        "phone": "0903123456",
        "email": "hung@example.vn",
        "address": "12 Nguyễn Thái Bình",
        "consent": "on",
        "website": "",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data
