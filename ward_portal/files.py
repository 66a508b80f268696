"""What kind of file an upload is, told by its first bytes (never by its name alone): the one
table of signatures that the citizens' form and the meeting attachments both check against."""

from __future__ import annotations

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
