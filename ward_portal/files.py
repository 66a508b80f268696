"""What kind of file an upload is, told by its first bytes (never by its name alone): the one
table of signatures that the citizens' form and the meeting attachments both check against."""

from __future__ import annotations

import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

_SIGNATURES = [
    (b"%PDF-", PDF, ""),
    (b"\x89PNG\r\n\x1a\n", PNG, ""),
    (b"\xff\xd8\xff", JPEG, ""),
    # Containers: which office format is inside is told by the extension, among these only.
    (b"PK\x03\x04", "zip", ".docx .xlsx .pptx .odt .ods .odp"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", ".doc .xls .ppt"),
]
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


def sniff(head: bytes, name: str = "") -> str | None:
    """The content type of a file starting with `head`, or None when it is none we accept.
    An office container (zip, OLE) counts only with a matching extension."""
    lowered = (name or "").lower()
    extension = "." + lowered.rsplit(".", 1)[-1] if "." in lowered else ""
    for signature, content_type, extensions in _SIGNATURES:
        if head.startswith(signature):
            if extensions:
                return OFFICE_TYPES[extension] if extension in extensions.split() else None
            return content_type
    return None


# An image of more pixels is refused, whatever its size in bytes: a small PNG of one colour
# can declare 20,000 × 20,000 pixels and take gigabytes to decode (a decompression bomb).
MAX_PIXELS = 40_000_000


def check_image(stream: IO[bytes], *, name: str, max_pixels: int = MAX_PIXELS) -> None:
    """Refuses an image of more than `max_pixels` pixels, or one Pillow takes for a
    decompression bomb, reading its header only (nothing is decoded). Raises a ValidationError
    in Vietnamese naming the file; an unreadable image is refused too."""
    position = stream.tell()
    try:
        with warnings.catch_warnings():
            # Between Pillow's limit and twice it, Pillow only warns: here that refuses.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width = height = max_pixels + 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Không đọc được ảnh “%(name)s”.") % {"name": name[:80]}, code="unreadable"
        ) from error
    finally:
        stream.seek(position)
    if width * height > max_pixels:
        raise ValidationError(
            _("Ảnh “%(name)s” quá lớn: tối đa %(limit)s triệu điểm ảnh (megapixel).")
            % {"name": name[:80], "limit": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
