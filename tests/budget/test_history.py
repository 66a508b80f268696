"""The audit history reads as words and Vietnamese figures, never as codes or JSON."""

import datetime
import re
from pathlib import Path

import pytest

from budget import history, services

pytestmark = pytest.mark.django_db
D = datetime.date


def test_line_history_names_each_change_with_its_values(line_a, clerk_a, leader_a, clerk_a_client):
    services.entry_record(
        line=line_a,
        date=D(2022, 3, 1),
        voucher_number="PC-001",
        description="Chi lương tháng 3",
        amount=2_500_000,
        user=clerk_a,
    )
    adjustment = services.adjustment_propose(
        line=line_a,
        date=D(2022, 6, 1),
        decision_number="15/QĐ-UBND",
        reason="Bổ sung kinh phí",
        amount=1_200_000_000,
        user=clerk_a,
    )
    services.adjustment_decide(adjustment=adjustment, user=leader_a, approve=True)

    html = clerk_a_client.get(f"/budget/lines/{line_a.pk}/").content.decode()
    for shown in [
        "Ghi chứng từ thực hiện",
        "Số chứng từ",
        "PC-001",
        "2.500.000",
        "01/03/2022",
        "Đề nghị điều chỉnh dự toán",
        "1.200.000.000",
        "15/QĐ-UBND",
        "Phê duyệt điều chỉnh dự toán",
        "Chờ phê duyệt",
        "Đã phê duyệt",
    ]:
        assert shown in html, shown
    table = html.split('class="table history"', 1)[1].split("</table>")[0]
    for raw in ["entry_record", "adjustment_approve", "voucher_number", "2022-03-01", "{"]:
        assert raw not in table, raw


def test_unchanged_values_are_left_out_and_unknown_keys_still_shown(line_a, clerk_a):
    event = services.audit(
        fiscal_year=line_a.fiscal_year,
        user=clerk_a,
        action="target_save",
        before={"name": "Tuyển quân", "planned": "11", "extra": "x"},
        after={"name": "Tuyển quân", "planned": "12.5", "extra": "y"},
    )
    item = history.describe(event)
    assert item.action == "Cập nhật chỉ tiêu"
    assert [(c.label, c.before, c.after) for c in item.changes] == [
        ("Kế hoạch", "11", "12,50"),
        ("extra", "x", "y"),
    ]


def test_every_recorded_action_has_a_name():
    source = "".join(p.read_text() for p in Path("budget").glob("*.py"))
    actions = set(re.findall(r'action="(\w+)"', source))
    actions |= set(re.findall(r'"(adjustment_\w+)" if approve else "(adjustment_\w+)"', source)[0])
    assert actions and actions <= set(history.ACTIONS)
