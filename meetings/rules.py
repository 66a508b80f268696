"""The meeting deadline rules (QĐ 45/2018/QĐ-TTg), as data. Loaded by the data migration; the
demo seeds them again because test databases flushed between tests lose migration rows."""

from datetime import date

EFFECTIVE_FROM = date(2018, 12, 25)
RULES = [
    # (stage, days, calendar, legal basis, description)
    (
        "invitation",
        3,
        "working_days",
        "Quyết định 45/2018/QĐ-TTg",
        "Giấy mời gửi trước ngày họp ít nhất 03 ngày làm việc",
    ),
    (
        "conclusion_notice",
        5,
        "working_days",
        "Quyết định 45/2018/QĐ-TTg",
        "Thông báo kết luận ban hành trong 05 ngày làm việc sau cuộc họp",
    ),
]


def ensure_rules(deadline_rule_model) -> None:
    for stage, days, calendar, basis, description in RULES:
        deadline_rule_model.objects.get_or_create(
            domain="meetings",
            kind="",
            stage=stage,
            effective_from=EFFECTIVE_FROM,
            defaults={
                "days": days,
                "calendar": calendar,
                "legal_basis": basis,
                "description": description,
            },
        )
