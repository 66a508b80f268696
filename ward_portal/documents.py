"""What every printed document of the portal shares: the national header and its fonts.

Administrative documents (minutes, notices, invitations, reports) are rendered to PDF with
WeasyPrint from fonts shipped in ward_portal/fonts, so a document looks the same, and its lines
break in the same places, on every machine whatever fonts the system has.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = Path(__file__).resolve().parent / "fonts"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def document_context() -> dict:
    return {"national_name": NATIONAL_NAME, "motto": MOTTO, "font_dir": FONT_DIR.as_uri()}


def render_document(template: str, context: dict):
    """The laid-out WeasyPrint document: pages and boxes, before it is written as PDF."""
    from weasyprint import HTML

    html = render_to_string(template, {**document_context(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template: str, context: dict) -> bytes:
    return render_document(template, context).write_pdf()
