import pytest

from ward_portal.files import OFFICE_TYPES, sniff


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n", "bao-cao.pdf", "application/pdf"),
        (b"%PDF-1.7\n", "anh.jpg", "application/pdf"),  # the content decides, not the name
        (b"\x89PNG\r\n\x1a\n\0\0", "", "image/png"),
        (b"\xff\xd8\xff\xe0", "IMG_0001.JPG", "image/jpeg"),
        (b"PK\x03\x04\x14\0", "Bien-ban.DOCX", OFFICE_TYPES[".docx"]),
        (b"PK\x03\x04\x14\0", "virus.exe", None),  # a zip is only an office file by its name
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "so-lieu.xls", OFFICE_TYPES[".xls"]),
        (b"MZ\x90\0", "bao-cao.pdf", None),
        (b"", "trong.pdf", None),
    ],
)
def test_sniff_by_content(head, name, expected):
    assert sniff(head, name) == expected
