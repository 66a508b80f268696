"""Masking of personal data for staff who may not see it (Nghị định 13/2023)."""

from django.utils.translation import gettext as _


def mask_phone(value: str) -> str:
    if not value:
        return ""
    return value[:2] + "*" * max(len(value) - 4, 2) + value[-2:]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_text(value: str) -> str:
    return _("(đã ẩn)") if value else ""


def masked_name(name: str) -> str:
    """ "Nguyễn Văn An" → "N. V. A." ."""
    if not name:
        return ""
    return " ".join(f"{part[0]}." for part in name.split())
