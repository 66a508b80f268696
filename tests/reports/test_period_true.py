"""A closed period reads the same whenever it is counted (issue 10, "period-true figures").

Ward A's 2022 (the legal year: 15/12/2021 → 14/12/2022) is counted on 10/01/2023, then again on
02/12/2026 after everything that happened since: petitions resolved late in 2023, a deadline
extended after the period, a 2022 resolution rated in 2023 and then reopened, a withdrawal,
tasks finished in 2023 and 2024, a meeting cancelled afterwards. The report's data, its XLSX
and PDF, the ward dashboard and the leadership table must state the same 2022 figures both
times, and those figures are the ones that stood at the end of 2022.
"""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from citizens import services as petitions
from citizens.models import Petition
from meetings import services as meetings
from meetings.models import Task
from reports import rendering
from reports.data import build_report_data
from reports.models import Report, ReportKind
from tests.citizens.factories import submit
from tests.meetings.factories import approved_minutes, make_meeting

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_COUNT = date(2023, 1, 10)
LATER_COUNT = date(2026, 12, 2)


def on(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


@pytest.fixture(autouse=True)
def rules(db):
    """Deadline rules of both apps (a browser test's flush may have wiped the migrations')."""
    from importlib import import_module

    from django.apps import apps

    from meetings.rules import ensure_rules
    from ward_portal.models import DeadlineRule

    import_module("citizens.migrations.0002_seed_rules_topics_tasks").seed(apps, None)
    ensure_rules(DeadlineRule)


def handled(petition, clerk, leader, day):
    """Accepted and assigned on `day`: the resolution deadline runs from then."""
    with on(day, 10):
        petition = petitions.petition_classify(petition=petition, user=clerk, decision="accepted")
        return petitions.petition_assign(petition=petition, user=leader, handler=clerk)


def resolve(petition, clerk, day):
    with on(day, 15):
        return petitions.petition_resolve(petition=petition, user=clerk, answer="Đã xử lý.")


@pytest.fixture
def year_2022(ward_a, ward_b, clerk_a, leader_a, upper_leader):
    """What happened in 2022, as the portal recorded it then."""
    cases = {}
    # A: resolved on time and rated in 2022.
    cases["A"] = submit(ward_a, when=date(2022, 3, 1))
    handled(cases["A"], clerk_a, leader_a, date(2022, 3, 2))
    resolve(cases["A"], clerk_a, date(2022, 3, 4))
    with on(date(2022, 3, 5)):
        petitions.petition_rate(petition=cases["A"], satisfied=True)
    # B: resolved on time in 2022; rated and reopened only in 2023.
    cases["B"] = submit(ward_a, when=date(2022, 6, 1))
    handled(cases["B"], clerk_a, leader_a, date(2022, 6, 2))
    resolve(cases["B"], clerk_a, date(2022, 6, 6))
    # C: overdue at the end of 2022 (due mid-November), resolved late in 2023.
    cases["C"] = submit(ward_a, when=date(2022, 11, 1))
    handled(cases["C"], clerk_a, leader_a, date(2022, 11, 2))
    # D: due on 12/12/2022, so overdue at the end; extended in 2023 past 14/12/2022.
    cases["D"] = submit(ward_a, when=date(2022, 11, 25))
    handled(cases["D"], clerk_a, leader_a, date(2022, 11, 28))
    # E: received a week before the end, not yet due; withdrawn in 2023.
    cases["E"] = submit(ward_a, when=date(2022, 12, 8))
    # F: received after the cut-off: the 2023 report's.
    cases["F"] = submit(ward_a, when=date(2022, 12, 20))

    # The district's working session with ward A and its directives.
    with on(date(2022, 2, 10)):
        session = make_meeting(
            host=ward_a.parent,
            chair=upper_leader,
            secretary=upper_leader,
            participants=[ward_a],
            body_symbol="QU",
            day=date(2022, 2, 10),
        )
    with on(date(2022, 2, 11)):
        approved_minutes(
            session,
            directives=[
                ("T1 đúng hạn", ward_a, date(2022, 6, 30)),
                ("T2 trễ hạn", ward_a, date(2022, 9, 30)),
                ("T3 xong năm 2024", ward_a, date(2022, 11, 30)),
                ("T4 hạn năm 2023", ward_a, date(2023, 6, 30)),
                ("T5 báo cáo xong, xác nhận năm 2023", ward_a, date(2022, 12, 10)),
            ],
            on=date(2022, 2, 11),
        )
    tasks = {t.title[:2]: t for t in Task.objects.all()}
    for name, submitted, accepted in [
        ("T1", date(2022, 6, 20), date(2022, 6, 22)),
        ("T2", date(2022, 10, 10), date(2022, 10, 12)),
        ("T5", date(2022, 12, 12), None),
    ]:
        with on(submitted):
            meetings.task_submit(user=clerk_a, task=tasks[name], on=submitted)
        if accepted:
            with on(accepted):
                meetings.task_accept(user=upper_leader, task=tasks[name])
    # A ward meeting planned for December, never held (cancelled only in 2023).
    with on(date(2022, 11, 20)):
        cases["meeting"] = make_meeting(
            host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2022, 12, 5)
        )
    cases["tasks"] = tasks
    return cases


def what_happened_since(cases, clerk_a, leader_a, upper_leader):
    tasks = cases["tasks"]
    with on(date(2023, 2, 1)):
        petitions.petition_extend(petition=cases["D"], user=clerk_a, reason="Cần xác minh thêm.")
        meetings.task_accept(user=upper_leader, task=tasks["T5"])
    with on(date(2023, 2, 15)):
        petitions.petition_rate(petition=cases["B"], satisfied=False)
    with on(date(2023, 2, 20)):
        petitions.petition_withdraw(petition=cases["E"], user=None, reason="Đã tự thỏa thuận.")
    with on(date(2023, 3, 1)):
        petitions.petition_reopen(petition=cases["B"], user=leader_a, reason="Khiếu nại lại.")
        meetings.meeting_cancel(user=leader_a, meeting=cases["meeting"], reason="Không tổ chức.")
    resolve(cases["C"], clerk_a, date(2023, 3, 10))
    resolve(cases["D"], clerk_a, date(2023, 3, 12))
    resolve(cases["B"], clerk_a, date(2023, 5, 20))
    with on(date(2023, 6, 1)):
        meetings.task_submit(user=clerk_a, task=tasks["T4"], on=date(2023, 6, 1))
        meetings.task_accept(user=upper_leader, task=tasks["T4"])
    with on(date(2024, 3, 1)):
        meetings.task_submit(user=clerk_a, task=tasks["T3"], on=date(2024, 3, 1))
    with on(date(2024, 3, 5)):
        meetings.task_accept(user=upper_leader, task=tasks["T3"])
    with on(date(2026, 11, 30)):
        cases["F"].refresh_from_db()
        petitions.petition_withdraw(petition=cases["F"], user=None, reason="Không cần nữa.")


def pdf_text(data) -> str:
    reader = PdfReader(io.BytesIO(rendering.render_pdf(data)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    # The date line carries the day of rendering, which is the only thing allowed to differ.
    return re.sub(r"ngày \d{2} tháng \d{2} năm \d{4}", "ngày … tháng … năm …", text)


def xlsx_cells(data) -> dict:
    workbook = load_workbook(io.BytesIO(rendering.render_xlsx(data)))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook.worksheets
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def count_2022(ward_a, leader, upper_leader) -> dict:
    """Everything that states a 2022 figure of ward A, as counted today."""
    data = build_report_data(
        Report(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    )
    dashboard = logged_in(leader).get("/dashboard/?year=2022")
    html = dashboard.content.decode()
    table = logged_in(upper_leader).get("/dashboard/?year=2022").context["table"]
    return {
        "period_line": data.period_line,
        "narrative": data.narrative,
        "sections": [
            (s.title, [str(c.label) for c in s.columns], s.rows, s.total, s.note)
            for s in data.sections
        ],
        "xlsx": xlsx_cells(data),
        "pdf": pdf_text(data),
        "figures": dashboard.context["figures"],
        "dashboard_numbers": [
            re.sub(r"<[^>]+>", " ", block).split()
            for block in re.findall(
                r'data-testid="(?:petition|directive)-figures">(.*?)</dl>', html, re.S
            )
        ],
        "links": dashboard.context["links"],
        "leadership": [{k: v for k, v in row.items() if k != "unit"} for row in table.data],
        "leadership_header": [str(column.header) for column in table.columns],
    }


def test_the_2022_figures_read_the_same_in_2023_and_in_2026(
    year_2022, ward_a, clerk_a, leader_a, upper_leader
):
    with on(FIRST_COUNT):
        first = count_2022(ward_a, leader_a, upper_leader)
    what_happened_since(year_2022, clerk_a, leader_a, upper_leader)
    with on(LATER_COUNT):
        later = count_2022(ward_a, leader_a, upper_leader)

    for key in first:
        assert later[key] == first[key], key

    # And they are the figures of the end of 2022, not of either day of counting.
    p, d = first["figures"].petitions, first["figures"].directives
    assert (p.received, p.resolved, p.resolved_on_time) == (5, 2, 2)  # A–E; A, B
    assert (p.open_at_end, p.overdue_at_end) == (3, 2)  # C, D, E; C, D
    assert (p.rated, p.satisfied) == (1, 1)  # A (B's rating came in 2023)
    assert (d.assigned, d.done, d.done_on_time, d.done_late) == (5, 2, 1, 1)
    assert (d.open_at_end, d.overdue_at_end) == (3, 2)  # T3, T4, T5; T3, T5
    assert first["figures"].meetings == 2  # the session, and December's meeting (cancelled later)
    assert first["period_line"] == (
        "Số liệu tính từ ngày 15/12/2021 đến ngày 14/12/2022; "
        "đang giải quyết, quá hạn tính tại ngày 14/12/2022"
    )
    petitions_sentence, directives_sentence = first["narrative"]  # (no budget books)
    assert "tại ngày 14/12/2022 còn 3 đang giải quyết, trong đó 2 quá hạn" in petitions_sentence
    assert "tại ngày 14/12/2022 còn 3 nhiệm vụ đang thực hiện, trong đó 2" in directives_sentence
    assert "Quá hạn tại ngày 14/12/2022" in first["pdf"]
    assert "hiện nay" not in first["pdf"]
    assert not any("hiện nay" in str(v) for rows in first["xlsx"].values() for r in rows for v in r)
    assert "Đơn quá hạn tại ngày 14/12/2022" in first["leadership_header"]
    ntb = next(r for r in first["leadership"] if r["unit_name"] == ward_a.name)
    assert (ntb["overdue_petitions"], ntb["overdue_directives"]) == (2, 2)

    # The history did move on: counted live, these would have changed.
    states = dict(Petition.objects.values_list("code", "status"))
    assert {states[year_2022[k].code] for k in "BCD"} == {"resolved"}
    assert Task.objects.filter(status="done").count() == 5


def test_the_running_period_says_its_standing_figures_are_live(ward_a, leader_a):
    with on(LATER_COUNT):
        submit(ward_a, when=date(2026, 11, 2))  # overdue by now
        html = logged_in(leader_a).get("/dashboard/?year=2026").content.decode()
        data = build_report_data(
            Report(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2026)
        )
    assert "Quá hạn hiện nay (02/12/2026)" in html
    assert "đang giải quyết, quá hạn tính tại ngày 02/12/2026 (hiện nay)" in html
    assert data.period_line.endswith("đang giải quyết, quá hạn tính tại ngày 02/12/2026 (hiện nay)")
    petitions_section = next(s for s in data.sections if s.sheet == "Phản ánh kiến nghị")
    labels = [str(c.label) for c in petitions_section.columns]
    assert "Quá hạn hiện nay (02/12/2026)" in labels
    assert petitions_section.rows[0][labels.index("Quá hạn hiện nay (02/12/2026)")] == 1
    assert "hiện nay (02/12/2026) còn 1 đang giải quyết, trong đó 1 quá hạn" in data.narrative[0]


def test_seeded_demo_2022_report_states_the_end_of_2022(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with on(LATER_COUNT):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from ward_portal.models import AdministrativeUnit

    ntb = AdministrativeUnit.objects.get(code="26746")
    with on(LATER_COUNT):
        data = build_report_data(
            Report(unit=ntb, kind=ReportKind.WARD, period_kind="year", year=2022)
        )
    # Of the seven 2022 petitions, the one received on 21/11/2022 was answered only in January
    # 2023: it is the one still open, and overdue, at the end of 2022.
    assert "tại ngày 14/12/2022 còn 1 đang giải quyết, trong đó 1 quá hạn" in data.narrative[1]
    assert "hiện nay" not in " ".join(data.narrative)
