"""Deadline rules of Luật 136/2025/QH15 (amending the Luật Tiếp công dân, Khiếu nại and Tố cáo),
in force from 01/7/2026 (vn-rules.md §2.9).

Only rules the research marks confirmed [C] or sourced [S] are loaded. §2.9 sources the law's
date and its content (online reception, withdrawal and tạm đình chỉ of complaints, protection
of denouncers) but no changed time limit, so there is no row to add yet. Left out as
unconfirmed [U], to be entered in the admin (or added to RULES here) once checked against the
consolidated text on vbpl.vn:

- whether the complaint limits (thụ lý 10 days; resolution 30/45, remote 45/60; second
  instance 45/60, remote 60/70) were changed by Luật 136/2025 — §2.9 found no evidence;
- thụ lý of a complaint in "07 ngày làm việc" (NĐ 155/2026, §2.5) — an AI-written summary;
- whether the Luật KN "ngày" are calendar or working days (§2.5, §8.3).

Until then the rules of migration 0002 keep applying after 01/7/2026 (the latest
effective_from not after the start date wins), which is what the tests pin.
"""

from datetime import date

from django.db import migrations

IN_FORCE = date(2026, 7, 1)
LEGAL_BASIS = "Luật số 136/2025/QH15 (sửa đổi Luật Tiếp công dân, Khiếu nại, Tố cáo)"

# kind, stage, days, calendar, legal basis, description — only [C]/[S] rules (none so far).
RULES: list[tuple[str, str, int, str, str, str]] = []


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("ward_portal", "DeadlineRule")
    for kind, stage, days, calendar, basis, description in RULES:
        DeadlineRule.objects.get_or_create(
            domain="citizens",
            kind=kind,
            stage=stage,
            effective_from=IN_FORCE,
            defaults={
                "days": days,
                "calendar": calendar,
                "legal_basis": basis,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    DeadlineRule = apps.get_model("ward_portal", "DeadlineRule")
    for kind, stage, *_rest in RULES:
        DeadlineRule.objects.filter(
            domain="citizens", kind=kind, stage=stage, effective_from=IN_FORCE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("citizens", "0006_event_history")]
    operations = [migrations.RunPython(load, unload)]
