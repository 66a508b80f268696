"""The access matrix: every URL of the portal, who may read it and who may write through it.

`URLS` has an entry for every named URL in the URLconf (a new URL without an entry fails
`test_every_url_has_an_entry`). For each staff URL that takes an object, the entry says how to
build that object in ward A, which GET is a read and which POST is a write, and who may write.
The tests then hold every such URL to the rules (README, "Access and privacy"):

- a person of another unit (clerk_b) gets 404, never 403: the object's existence is not told;
- an anonymous visitor is sent to the login page;
- the district's leader (upper_leader) reads (GET 200) but never writes: the POST changes no
  row of any app table;
- a clerk of ward A is refused a leader's step (403 or an error message), with no change;
- and, so that "no change" means something, the person who may write does change something.

"No change" is a fingerprint of every row of every table of our apps (the users' last login
and the audit log, which records reads too, aside), compared before and after the request.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- the world: ward A's objects, built on demand -------------------------------------------


class World:
    """The personas (tests/conftest.py) and the objects of ward A the table builds; each
    builder stores what it made here so that a POST's data can name it."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


def _today() -> date:
    return timezone.localdate()


def fiscal_year(w, status="execution"):
    from tests.budget.factories import FiscalYearFactory

    w.__dict__["year"] = FiscalYearFactory(unit=w.ward_a, year=2022, status=status)
    return w.year


def line(w):
    from tests.budget.factories import LineFactory, category

    w.__dict__["line"] = LineFactory(fiscal_year=fiscal_year(w), category=category("C2.11.1"))
    return w.line


def entry(w):
    from tests.budget.factories import EntryFactory

    return EntryFactory(line=line(w), recorded_by=w.clerk_a)


def adjustment(w):
    from budget import services

    return services.adjustment_propose(
        line=line(w),
        user=w.clerk_a,
        date=date(2022, 5, 4),
        decision_number="12/QĐ-UBND",
        reason="Bổ sung kinh phí",
        amount=100_000_000,
    )


def workbook(name="chung-tu.xlsx"):
    """A valid file of vouchers for the import (tests/budget/test_imports.py tests the rest)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Ngày", "Số chứng từ", "Mã mục", "Nội dung", "Số tiền"])
    book.active.append([date(2022, 2, 10), "PC-9001", "C2.11.1", "Chi lương", 1_000_000])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_batch(w):
    from budget import imports

    line(w)
    return imports.import_upload(
        fiscal_year=w.year, kind="entries", upload=workbook(), user=w.clerk_a
    )


def meeting(w, days_ago=10):
    from tests.meetings.factories import make_meeting

    w.__dict__["meeting"] = make_meeting(
        host=w.ward_a, chair=w.leader_a, secretary=w.clerk_a, day=_today() - timedelta(days_ago)
    )
    return w.meeting


def draft_minutes(w):
    from meetings import services
    from meetings.choices import ItemKind
    from tests.meetings.factories import held

    minutes = services.minutes_start(user=w.leader_a, meeting=held(meeting(w)))
    services.minutes_save_items(
        user=w.clerk_a,
        minutes=minutes,
        items=[{"kind": ItemKind.CONCLUSION, "text": "Thống nhất kế hoạch tháng."}],
    )
    return minutes


def approved(w):
    from tests.meetings.factories import approved_minutes

    due = _today() + timedelta(days=20)
    return approved_minutes(meeting(w), directives=[("Dọn hẻm 91", w.ward_a, due)])


def held_meeting(w):
    from tests.meetings.factories import held

    return held(meeting(w))


def signed(w):
    from meetings import services

    return services.minutes_sign_secretary(user=w.clerk_a, minutes=draft_minutes(w))


def corrected(w):
    from meetings import services

    return services.minutes_correct(user=w.leader_a, minutes=approved(w), reason="Sai tên")


def concluded(w):
    from meetings import services

    approved(w)
    services.conclusion_notice_issue(user=w.leader_a, meeting=w.meeting)
    return w.meeting


def meeting_attachment(w):
    from meetings import services

    return services.attachment_add(
        user=w.leader_a, meeting=meeting(w), kind="report", upload=a_file()
    )


def task(w):
    approved(w)
    return w.meeting.tasks.get()


def submitted_task(w):
    from meetings import services

    services.task_submit(user=w.clerk_a, task=task(w), note="Đã xong")
    return w.meeting.tasks.get()


def task_update(w):
    from meetings import services

    upload = SimpleUploadedFile("tien-do.pdf", PDF, content_type="application/pdf")
    return services.task_progress(user=w.clerk_a, task=task(w), note="Đã làm", upload=upload)


def petition(w, **fields):
    from tests.citizens.factories import submit

    w.__dict__["petition"] = submit(w.ward_a, **fields)
    return w.petition


def accepted(w, kind="feedback"):
    from citizens import services

    services.petition_classify(petition=petition(w, kind=kind), user=w.clerk_a, decision="accepted")
    return w.petition


def assigned(w):
    from citizens import services

    services.petition_assign(petition=accepted(w), user=w.leader_a, handler=w.clerk_a)
    return w.petition


def resolved(w):
    from citizens import services

    services.petition_resolve(petition=assigned(w), user=w.clerk_a, answer="Đã dọn xong.")
    return w.petition


def two_petitions(w):
    """A petition and another of the same ward to merge it into (w.other)."""
    from tests.citizens.factories import submit

    w.__dict__["other"] = submit(w.ward_a, title="Rác trước số 12")
    return petition(w)


def petition_attachment(w):
    from citizens.models import PetitionAttachment

    attachment = PetitionAttachment(
        petition=petition(w), original_name="anh.pdf", content_type="application/pdf", size=1
    )
    attachment.file.save("anh.pdf", ContentFile(PDF), save=True)
    return attachment


def reception(w):
    from citizens import services

    return services.reception_create(
        user=w.clerk_a, unit=w.ward_a, date=_today(), kind="regular", receiver=w.leader_a
    )


def report(w):
    from reports import services
    from reports.models import Report

    services.write_atomically("reports/matrix.pdf", PDF)
    return Report.objects.create(
        unit=w.ward_a,
        kind="ward",
        period_kind="year",
        year=2022,
        status="done",
        pdf_file="reports/matrix.pdf",
    )


# --- the table ------------------------------------------------------------------------------

PUBLIC = "public"  # anyone, no login: the public form, the public budget, Open311, login...
STAFF = "staff"  # staff pages without an object: login required
OBJECT = "object"  # staff pages of one object: the whole matrix
ADMIN = "admin"  # Django's admin: its own staff check (is_staff), not unit roles

# Who may write: the unit's staff (a role in it), its leaders, the meeting's chair or
# secretary (persons named on it), a system administrator, or anyone who reads it (the step is
# the person's own, such as a subscription).
STAFF_WRITE, LEADER, CHAIR, SECRETARY, SUPERUSER, OWN = (
    "staff",
    "leader",
    "chair",
    "secretary",
    "superuser",
    "own",
)
WRITER = {STAFF_WRITE: "clerk_a", LEADER: "leader_a", CHAIR: "leader_a", SECRETARY: "clerk_a"}

# What a GET is: a read (the upper leader gets 200), a form to write (those who may not write
# get 200 without the form, 403 or 404), or private (personal data: the handler and the
# unit's leaders only, everybody else 404).
READ, FORM, PRIVATE = "read", "form", "private"


@dataclass(frozen=True)
class Row:
    kind: str = OBJECT
    build: Callable[[World], dict] | None = None  # the object's URL arguments
    get: str | None = READ
    post: Callable[[World], dict] | None = None  # the data of the write
    writer: str = STAFF_WRITE
    query: str = ""
    control: bool = True  # the writer's POST changes something (else: why not, in `note`)
    note: str = ""
    kwargs: dict = field(default_factory=dict)  # arguments of an URL without an object


def pk(builder, name="pk", **extra):
    def build(w):
        return {name: builder(w).pk, **extra}

    return build


def nothing(w):
    return {}


def unit_a(w):
    return {"unit_id": w.ward_a.pk}


def attendance(w):
    from meetings import services

    attendee = services.attendee_add(user=w.leader_a, meeting=meeting(w), name="Trần Văn Khách")
    return {"pk": w.meeting.pk, "attendee_pk": attendee.pk}


def petition_file(w):
    attachment = petition_attachment(w)
    return {"pk": attachment.petition_id, "attachment_pk": attachment.pk}


def category_id(w):
    from tests.budget.factories import category

    return category("C2.11.1").pk


def a_file(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


CASE = {"code": "NTB-2026-000001", "secret": "x"}

URLS: dict[str, Row | list[Row]] = {
    # --- public and the login machinery ---
    "landing": Row(PUBLIC),
    "login": Row(PUBLIC),
    "logout": Row(PUBLIC),
    "password_change": Row(STAFF),
    "password_change_done": Row(STAFF),
    "password_reset": Row(PUBLIC),
    "password_reset_done": Row(PUBLIC),
    "password_reset_confirm": Row(
        PUBLIC, kwargs={"uidb64": "MQ", "token": "x-y"}, note="uidb64 and token: the credential"
    ),
    "password_reset_complete": Row(PUBLIC),
    "set_language": Row(PUBLIC),
    "healthz": Row(PUBLIC),
    "citizens_public:submit": Row(PUBLIC),
    "citizens_public:track": Row(PUBLIC),
    "citizens_public:sent": Row(PUBLIC, kwargs=CASE, note="code and secret: the credential"),
    "citizens_public:case": Row(PUBLIC, kwargs=CASE, note="code and secret: the credential"),
    "citizens_public:submit_ward": Row(PUBLIC, kwargs={"ward_code": "26746"}),
    "public:index": Row(PUBLIC),
    "public:unit": Row(PUBLIC, kwargs={"code": "26746"}),
    "public:disclosure": Row(PUBLIC, kwargs={"code": "26746", "year": 2022, "period": "E"}),
    "open311:discovery": Row(PUBLIC),
    "open311:services": Row(PUBLIC),
    "open311:service": Row(PUBLIC, kwargs={"service_code": "moi-truong"}),
    "open311:requests": Row(PUBLIC, note="POST needs an API key"),
    "open311:request": Row(PUBLIC, kwargs={"code": "NTB-2026-000001"}),
    "meetings:calendar_feed": Row(
        PUBLIC, kwargs={"token": "x"}, note="the secret token is the credential"
    ),
    # --- the person's own account: two-factor login (ward_portal/two_factor) ---
    "two_factor_verify": Row(STAFF),
    "two_factor_enrol": Row(STAFF),
    "account_security": Row(STAFF),
    "two_factor_backup_codes": Row(STAFF, get=None),
    "two_factor_remove": Row(
        STAFF, get=None, kwargs={"pk": 1}, note="the person's own device only (test below)"
    ),
    "audit": Row(STAFF, note="scoped to the units the person leads (tests/ward_portal)"),
    # --- staff pages without an object ---
    "home": Row(STAFF),
    "dashboard": Row(STAFF),
    "budget:index": Row(STAFF),
    "budget:import_template": Row(STAFF, kwargs={"kind": "entries"}),
    "meetings:index": Row(STAFF),
    "meetings:create": Row(STAFF),
    "meetings:calendar": Row(STAFF),
    "meetings:calendar_token": Row(STAFF, get=None),
    "meetings:search": Row(STAFF),
    "meetings:tasks": Row(STAFF),
    "citizens:index": Row(STAFF),
    "citizens:create": Row(STAFF),
    "citizens:bulk_assign": Row(STAFF, get=None),
    "citizens:statistics": Row(STAFF),
    "citizens:receptions": Row(STAFF),
    "citizens:reception_create": Row(STAFF),
    "citizens:reception_export": Row(STAFF),
    "reports:index": Row(STAFF),
    "reports:request": Row(STAFF, get=None),
    # --- dashboards ---
    "dashboard_unit": Row(build=lambda w: {"pk": w.ward_a.pk}),
    # --- budget ---
    "budget:unit": Row(build=unit_a),
    "budget:unit_export": Row(
        build=lambda w: {"unit_id": fiscal_year(w).unit_id, "fmt": "csv"}, query="?year=2022"
    ),
    "budget:year_create": Row(
        build=unit_a, get=None, post=lambda w: {"year": 2023, "budget_mode": "budget_level"}
    ),
    "budget:estimate_set": Row(
        build=pk(lambda w: fiscal_year(w, status="planning")),
        get=None,
        post=lambda w: {"category": category_id(w), "amount": "2000000"},
    ),
    "budget:year_start": Row(
        build=pk(lambda w: fiscal_year(w, status="planning")),
        get=None,
        post=lambda w: {"decision": "01/QĐ-UBND", "approved_on": "2022-01-05"},
        writer=LEADER,
    ),
    "budget:year_close": Row(build=pk(fiscal_year), get=None, post=nothing, writer=LEADER),
    "budget:year_reopen": Row(
        build=pk(lambda w: fiscal_year(w, status="closed")),
        get=None,
        post=lambda w: {"reason": "Sai sót chứng từ"},
        writer=SUPERUSER,
        control=False,
        note="a system administrator's step: the superuser sees every unit anyway",
    ),
    "budget:year_publish": Row(
        build=pk(fiscal_year), get=None, post=lambda w: {"period": "E"}, writer=LEADER
    ),
    "budget:targets": Row(
        build=pk(fiscal_year),
        post=lambda w: {
            "group": "socio_economic",
            "name": "Hộ nghèo giảm",
            "unit_of_measure": "hộ",
            "planned": "10",
            "actual": "",
            "sort_order": "1",
        },
    ),
    "budget:import_upload": Row(
        build=pk(lambda w: line(w).fiscal_year),
        get=FORM,
        post=lambda w: {"kind": "entries", "file": workbook()},
    ),
    "budget:import": Row(build=pk(import_batch)),
    "budget:import_apply": Row(build=pk(import_batch), get=None, post=nothing),
    "budget:line": Row(build=pk(line)),
    "budget:entry_create": Row(
        build=pk(line),
        get=None,
        post=lambda w: {
            "date": "2022-03-15",
            "voucher_number": "PC-0001",
            "description": "Chi hội nghị",
            "amount": "1500000",
        },
    ),
    "budget:adjustment_create": Row(
        build=pk(line),
        get=None,
        post=lambda w: {
            "date": "2022-05-04",
            "decision_number": "12/QĐ-UBND",
            "reason": "Bổ sung",
            "amount": "100000000",
        },
    ),
    "budget:adjustment_decide": Row(
        build=pk(adjustment), get=None, post=lambda w: {"decision": "approve"}, writer=LEADER
    ),
    "budget:entry_reverse": Row(
        build=pk(entry),
        get=FORM,
        post=lambda w: {"date": "2022-04-01", "voucher_number": "PC-ĐC", "reason": "Ghi nhầm"},
    ),
    # --- meetings ---
    "meetings:detail": Row(build=pk(meeting)),
    "meetings:edit": Row(
        build=pk(meeting),
        get=FORM,
        post=lambda w: {"title": "Đổi tên"},
        control=False,
        note="the whole form is tested in tests/meetings/test_views.py",
    ),
    "meetings:attendee_add": Row(
        build=pk(meeting), get=None, post=lambda w: {"name": "Trần Thị Mời", "position": "Khách"}
    ),
    "meetings:attendance": Row(
        build=attendance, get=None, post=lambda w: {"attendance": "present"}
    ),
    "meetings:attachment_add": Row(
        build=pk(meeting), get=None, post=lambda w: {"kind": "report", "file": a_file()}
    ),
    "meetings:attachment": Row(build=pk(meeting_attachment)),
    "meetings:transition": [
        Row(build=pk(meeting, action="held"), get=None, post=nothing),
        Row(build=pk(concluded, action="publish"), get=None, post=nothing),
        Row(
            build=pk(lambda w: meeting(w, days_ago=-10), action="invitations"),
            get=None,
            post=nothing,
        ),
        Row(
            build=pk(lambda w: meeting(w, days_ago=-10), action="cancel"),
            get=None,
            post=lambda w: {"reason": "Trùng lịch họp của quận"},
        ),
        Row(build=pk(lambda w: held_meeting(w), action="minutes"), get=None, post=nothing),
        Row(build=pk(lambda w: approved(w).meeting, action="conclusion"), get=None, post=nothing),
    ],
    "meetings:invitation_pdf": Row(build=pk(lambda w: meeting(w, days_ago=-10))),
    "meetings:conclusion_pdf": Row(build=pk(concluded)),
    "meetings:minutes_edit": Row(
        build=pk(draft_minutes),
        get=FORM,
        post=lambda w: {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        control=False,
        note="the formset is tested in tests/meetings/test_views.py",
    ),
    "meetings:minutes_pdf": Row(build=pk(draft_minutes)),
    "meetings:minutes_docx": Row(build=pk(draft_minutes)),
    "meetings:minutes_diff": Row(build=pk(corrected)),
    "meetings:minutes_action": [
        Row(build=pk(draft_minutes, action="sign"), get=None, post=nothing, writer=SECRETARY),
        Row(build=pk(approved, action="correct"), get=None, post=lambda w: {"reason": "Sai"}),
        Row(build=pk(signed, action="approve"), get=None, post=nothing, writer=CHAIR),
        Row(build=pk(signed, action="return"), get=None, post=nothing, writer=CHAIR),
    ],
    "meetings:task": Row(build=pk(task)),
    "meetings:task_action": [
        Row(build=pk(task, action="progress"), get=None, post=lambda w: {"note": "Đang làm"}),
        Row(build=pk(task, action="submit"), get=None, post=lambda w: {"note": "Đã xong"}),
        Row(build=pk(submitted_task, action="accept"), get=None, post=lambda w: {"note": "Tốt"}),
        Row(build=pk(submitted_task, action="return"), get=None, post=lambda w: {"note": "Thiếu"}),
    ],
    "meetings:task_update_file": Row(build=pk(task_update)),
    # --- citizens ---
    "citizens:detail": Row(build=pk(petition)),
    "citizens:action": [
        Row(
            build=pk(petition, action="classify"),
            get=None,
            post=lambda w: {"decision": "accepted", "kind": "feedback"},
        ),
        Row(
            build=pk(lambda w: accepted(w, kind="denunciation"), action="assign"),
            get=None,
            post=lambda w: {"handler": w.clerk_a.pk},
            writer=LEADER,
            note="who handles a denunciation (and so learns the denouncer) is the leaders' call",
        ),
        Row(
            build=pk(accepted, action="note"),
            get=None,
            post=lambda w: {"text": "Đã gọi điện cho người dân."},
        ),
        Row(
            build=pk(accepted, action="assign"),
            get=None,
            post=lambda w: {"handler": w.clerk_a.pk},
        ),
        Row(build=pk(assigned, action="start"), get=None, post=nothing),
        Row(
            build=pk(assigned, action="resolve"),
            get=None,
            post=lambda w: {"answer": "Phường đã cho dọn rác trong hẻm."},
        ),
        Row(build=pk(resolved, action="close"), get=None, post=nothing),
        Row(build=pk(resolved, action="reopen"), get=None, post=lambda w: {"reason": "Chưa xong"}),
        Row(build=pk(accepted, action="extend"), get=None, post=lambda w: {"reason": "Phức tạp"}),
        Row(build=pk(accepted, action="withdraw"), get=None, post=lambda w: {"reason": "Rút"}),
        Row(build=pk(two_petitions, action="merge"), get=None, post=lambda w: {"into": w.other.pk}),
    ],
    "citizens:attachment": Row(build=petition_file, get=PRIVATE),
    "citizens:reception_detail": Row(
        build=pk(reception),
        post=lambda w: {
            "citizen_name": "Nguyễn Văn Dân",
            "group_size": "1",
            "content": "Hỏi về giấy phép xây dựng",
        },
    ),
    # --- reports ---
    "reports:detail": Row(build=pk(report)),
    "reports:status": Row(build=pk(report)),
    "reports:download": Row(build=pk(report, fmt="pdf")),
    "reports:regenerate": Row(build=pk(report), get=None, post=nothing),
    "reports:issue": Row(build=pk(report), get=None, post=nothing, writer=LEADER),
    "reports:subscribe": Row(
        build=pk(report),
        get=None,
        post=nothing,
        writer=OWN,
        note="the person's own e-mail subscription, not a change to the unit's report",
    ),
}


def _rows(kind: str):
    for name, entry in URLS.items():
        rows = entry if isinstance(entry, list) else [entry]
        for i, row in enumerate(rows):
            if row.kind == kind:
                yield pytest.param(name, row, id=f"{name}[{i}]" if len(rows) > 1 else name)


OBJECT_ROWS = list(_rows(OBJECT))
WRITE_ROWS = [p for p in OBJECT_ROWS if p.values[1].post is not None]


def url_names() -> set[str]:
    """Every named URL in the URLconf, with its namespace; the admin's are Django's own."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


# --- fingerprints -------------------------------------------------------------------------

# last_login moves when a test client logs in; the audit log records reads too (a download,
# a view of personal data), which are not writes.
UNWATCHED = {"ward_portal_user", "ward_portal_auditentry"}


def fingerprint() -> dict[str, str]:
    """An md5 of every row of every table of our apps: a write anywhere changes it."""
    tables = sorted(
        {
            model._meta.db_table
            for label in ("ward_portal", "budget", "meetings", "citizens", "reports")
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        }
        - UNWATCHED
    )
    # Table names come from the models' metadata, quoted; the labels are parameters.
    sql = " UNION ALL ".join(
        "SELECT %s, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "  # noqa: S608
        f"FROM {connection.ops.quote_name(t)} x"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())


def changed(before: dict[str, str]) -> list[str]:
    after = fingerprint()
    return [table for table in before if before[table] != after[table]]


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _data(db, settings, tmp_path):
    """Rules and categories are migration data (a browser test's flush may have wiped them);
    files land in a temporary folder; messages are asserted in Vietnamese."""
    from django.utils import translation

    from budget.category_tree import load
    from meetings.rules import ensure_rules
    from ward_portal.models import DeadlineRule

    load()
    ensure_rules(DeadlineRule)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with translation.override("vi"):
        yield


@pytest.fixture
def world(request, ward_a, ward_b, clerk_a, leader_a, upper_leader, clerk_b):
    return World(request)


def target(world: World, name: str, row: Row) -> str:
    return reverse(name, kwargs=row.build(world)) + row.query


def post(client: Client, url: str, row: Row, world: World):
    return client.post(url, row.post(world))


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == message_levels.ERROR]


# --- the tests ----------------------------------------------------------------------------


def test_every_url_has_an_entry():
    names = {name for name in url_names() if not name.startswith("admin:")}
    missing = sorted(names - set(URLS))
    assert not missing, f"new URL without an entry in the access matrix: {missing}"
    assert not sorted(set(URLS) - names), "entries for URLs that no longer exist"


@pytest.mark.parametrize(("name", "row"), OBJECT_ROWS)
def test_another_unit_gets_404_and_changes_nothing(world, name, row):
    url = target(world, name, row)
    client = client_for(world.clerk_b)
    if row.get:
        assert client.get(url).status_code == 404, f"GET {url}"
    if row.post:
        before = fingerprint()
        assert post(client, url, row, world).status_code == 404, f"POST {url}"
        assert not changed(before)


@pytest.mark.parametrize(("name", "row"), OBJECT_ROWS)
def test_anonymous_is_sent_to_login(world, name, row):
    url = target(world, name, row)
    login = reverse("login")
    if row.get:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url
    if row.post:
        before = fingerprint()
        response = post(Client(), url, row, world)
        assert response.status_code == 302 and response["Location"].startswith(login), url
        assert not changed(before)


@pytest.mark.parametrize(("name", "row"), OBJECT_ROWS)
def test_upper_leader_reads_but_never_writes(world, name, row):
    url = target(world, name, row)
    client = client_for(world.upper_leader)
    if row.get == READ:
        assert client.get(url).status_code == 200, f"GET {url}"
    elif row.get == PRIVATE:
        assert client.get(url).status_code == 404, f"GET {url}"
    elif row.get == FORM:
        assert client.get(url).status_code in (200, 403, 404), f"GET {url}"
    if row.writer != OWN:
        # A page without a write is POSTed to as well: no view writes on a read.
        before = fingerprint()
        response = client.post(url, row.post(world) if row.post else {})
        assert response.status_code in (200, 302, 400, 403, 404, 405), f"POST {url}"
        assert not changed(before), f"POST {url} by the upper leader changed {changed(before)}"


@pytest.mark.parametrize(
    ("name", "row"), [p for p in WRITE_ROWS if p.values[1].writer in (LEADER, CHAIR, SUPERUSER)]
)
def test_a_clerk_is_refused_a_leaders_step(world, name, row):
    url = target(world, name, row)
    before = fingerprint()
    response = post(client_for(world.clerk_a), url, row, world)
    assert response.status_code == 403 or error_messages(response), f"POST {url}"
    assert not changed(before), f"POST {url} by a clerk changed {changed(before)}"


@pytest.mark.parametrize(("name", "row"), [p for p in WRITE_ROWS if p.values[1].control])
def test_the_person_who_may_write_does_change_something(world, name, row):
    """The control: without it, "nothing changed" could only mean the data was wrong."""
    url = target(world, name, row)
    writer = getattr(world, WRITER.get(row.writer, "upper_leader"))
    before = fingerprint()
    response = post(client_for(writer), url, row, world)
    assert response.status_code in (200, 302), f"POST {url}: {response.status_code}"
    assert not error_messages(response), error_messages(response)
    assert changed(before), f"POST {url} by {writer} changed nothing"


@pytest.mark.parametrize(("name", "row"), list(_rows(STAFF)))
def test_staff_pages_send_anonymous_to_login(db, name, row):
    url = reverse(name, kwargs=row.kwargs)
    method = "get" if row.get else "post"
    response = getattr(Client(), method)(url)
    assert response.status_code == 302, f"{method.upper()} {url}"
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "row"), list(_rows(PUBLIC)))
def test_public_pages_need_no_login(db, name, row):
    """What the table calls public is: no redirect to the login page, whatever else it answers
    to made-up arguments (its own tests cover the real ones)."""
    url = reverse(name, kwargs=row.kwargs)
    response = Client().get(url)
    assert not (
        response.status_code == 302 and response["Location"].startswith(reverse("login"))
    ), url


def test_the_admin_is_for_system_administrators_only(world):
    """The admin's URLs are Django's own (not in the table): a ward's staff are not is_staff."""
    response = client_for(world.leader_a).get("/admin/citizens/personaldataaccess/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    admin = client_for(world.admin_user)
    assert admin.get("/admin/citizens/personaldataaccess/").status_code == 200


def test_nobody_removes_another_persons_authenticator(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.leader_a, name="Điện thoại", confirmed=True)
    url = reverse("two_factor_remove", kwargs={"pk": device.pk})
    for person in (world.clerk_a, world.upper_leader, world.clerk_b):
        client_for(person).post(url)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_private_file_opens_for_the_units_leader(world):
    url = reverse("citizens:attachment", kwargs=petition_file(world))
    assert client_for(world.leader_a).get(url).status_code == 200
    assert client_for(world.clerk_a).get(url).status_code == 404
