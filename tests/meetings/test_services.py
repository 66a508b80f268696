from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.choices import ItemKind, MeetingState, MinutesState, TaskStatus
from meetings.models import Task
from tests.meetings.factories import (
    approved_minutes,
    held,
    make_district_meeting,
    make_meeting,
)
from ward_portal.registers import number_allocate


def test_illegal_transitions_are_refused_with_a_clear_message(meeting_a, leader_a, clerk_a):
    with pytest.raises(services.MeetingError, match="đã diễn ra"):
        services.minutes_start(user=leader_a, meeting=meeting_a)
    with pytest.raises(services.MeetingError, match="biên bản đã được ký duyệt"):
        services.meeting_publish(user=leader_a, meeting=meeting_a)
    held(meeting_a)
    with pytest.raises(services.MeetingError, match="Đã lên lịch"):
        services.meeting_mark_held(user=leader_a, meeting=meeting_a)
    minutes = services.minutes_start(user=clerk_a, meeting=meeting_a)
    services.minutes_save_items(
        user=clerk_a, minutes=minutes, items=[{"kind": ItemKind.REPORT, "text": "Báo cáo"}]
    )
    with pytest.raises(services.MeetingError, match="Thư ký phải ký"):
        services.minutes_approve(user=leader_a, minutes=minutes)
    with pytest.raises(services.MeetingError, match="Chỉ thư ký"):
        services.minutes_sign_secretary(user=leader_a, minutes=minutes)
    services.minutes_sign_secretary(user=clerk_a, minutes=minutes)
    with pytest.raises(services.MeetingError, match="Chỉ chủ trì"):
        services.minutes_approve(user=clerk_a, minutes=minutes)


def test_a_meeting_runs_from_planned_to_published(meeting_a, leader_a, ward_a):
    minutes = approved_minutes(
        meeting_a, directives=[("Khơi thông cống", ward_a, date(2026, 5, 1))]
    )
    meeting_a.refresh_from_db()
    assert meeting_a.state == MeetingState.MINUTES_APPROVED
    assert minutes.state == MinutesState.APPROVED and minutes.number_label == "01/BB-UBND"
    services.meeting_publish(user=leader_a, meeting=meeting_a)
    meeting_a.refresh_from_db()
    assert meeting_a.state == MeetingState.PUBLISHED


def test_items_are_kept_in_meeting_order(meeting_a, clerk_a, ward_a):
    held(meeting_a)
    minutes = services.minutes_start(user=clerk_a, meeting=meeting_a)
    services.minutes_save_items(
        user=clerk_a,
        minutes=minutes,
        items=[
            {
                "kind": ItemKind.DIRECTIVE,
                "text": "Giao việc",
                "assignee_unit": ward_a,
                "due_date": date(2026, 5, 1),
            },
            {"kind": ItemKind.CONCLUSION, "text": "Kết luận"},
            {"kind": ItemKind.REPORT, "text": "Báo cáo"},
            {"kind": ItemKind.VOTE, "text": "Biểu quyết", "votes_for": 5},
            {"kind": ItemKind.OPINION, "text": "Ý kiến"},
        ],
    )
    assert list(minutes.items.values_list("kind", flat=True)) == [
        "report",
        "opinion",
        "vote",
        "conclusion",
        "directive",
    ]


def test_a_directive_needs_a_unit_and_a_due_date(meeting_a, clerk_a):
    held(meeting_a)
    minutes = services.minutes_start(user=clerk_a, meeting=meeting_a)
    with pytest.raises(services.MeetingError, match="đơn vị thực hiện và thời hạn"):
        services.minutes_save_items(
            user=clerk_a, minutes=minutes, items=[{"kind": ItemKind.DIRECTIVE, "text": "Làm"}]
        )


def test_numbers_run_per_issuing_body_and_restart_each_year(
    frozen, ward_a, ward_b, leader_a, clerk_a
):
    for n in (1, 2):
        m = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2025, 12, n))
        assert approved_minutes(m, directives=[]).number_label == f"0{n}/BB-UBND"
    other_body = make_meeting(
        host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2025, 12, 3), body_symbol="ĐU"
    )
    assert approved_minutes(other_body, directives=[]).number_label == "01/BB-ĐU"
    new_year = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2026, 1, 5))
    assert approved_minutes(new_year, directives=[]).number_label == "01/BB-UBND"


def test_the_register_writes_the_number_as_its_pattern_says(frozen, ward_a, leader_a, clerk_a):
    """The numbering scheme is data: a Party committee's register writes "01-BB/ĐU"
    (HD 36-HD/VPTW), and the minutes and the conclusion notice print what it wrote."""
    from ward_portal.models import NumberRegister

    for kind in ("BB", "TB"):
        NumberRegister.objects.create(
            unit=ward_a, series=f"{kind}-ĐU", pattern=f"{{number:02d}}-{kind}/ĐU"
        )
    meeting = make_meeting(
        host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2025, 12, 3), body_symbol="ĐU"
    )
    minutes = approved_minutes(meeting, directives=[])
    minutes.refresh_from_db()
    assert minutes.number_label == "01-BB/ĐU"
    notice = services.conclusion_notice_issue(user=leader_a, meeting=meeting)
    assert notice.number_label == "01-TB/ĐU"


def test_number_allocation_is_atomic_per_counter(ward_a):
    numbers = [
        number_allocate(unit=ward_a, series="BB-UBND", on=date(2026, 3, 2)).number
        for _ in range(12)
    ]
    assert numbers == list(range(1, 13))
    # Another document type, body or year has a register of its own, from 1.
    for series, day in [
        ("TB-UBND", date(2026, 3, 2)),
        ("BB-ĐU", date(2026, 3, 2)),
        ("BB-UBND", date(2027, 1, 4)),
    ]:
        assert number_allocate(unit=ward_a, series=series, on=day).number == 1
    assert number_allocate(unit=ward_a, series="BB-UBND", on=date(2026, 3, 2)).number == 13


def test_approved_minutes_are_immutable_and_a_correction_is_a_new_version(
    meeting_a, leader_a, clerk_a, ward_a
):
    minutes = approved_minutes(
        meeting_a, directives=[("Khơi thông cống", ward_a, date(2026, 5, 1))]
    )
    with pytest.raises(services.MeetingError, match="không sửa được"):
        services.minutes_save_items(user=clerk_a, minutes=minutes, items=[])
    with pytest.raises(services.MeetingError, match="lý do"):
        services.minutes_correct(user=clerk_a, minutes=minutes, reason=" ")
    correction = services.minutes_correct(
        user=clerk_a, minutes=minutes, reason="Sai tên người phát biểu"
    )
    assert correction.version == 2 and correction.items.count() == minutes.items.count()
    items = [
        {
            k: getattr(i, k)
            for k in ("kind", "speaker", "speaker_position", "text", "assignee_unit", "due_date")
        }
        | {"task": i.task_id}
        for i in correction.items.all()
    ]
    items[1]["speaker"] = "Hoàng Thị Tố Nga (sửa)"
    services.minutes_save_items(user=clerk_a, minutes=correction, items=items)
    services.minutes_sign_secretary(user=clerk_a, minutes=correction)
    services.minutes_approve(user=leader_a, minutes=correction)
    minutes.refresh_from_db()
    correction.refresh_from_db()
    assert minutes.state == MinutesState.SUPERSEDED
    assert correction.number_label == minutes.number_label
    # the directive did not become a second task
    assert Task.objects.filter(meeting=meeting_a).count() == 1
    diff = services.minutes_diff(minutes, correction)
    assert ("-", "[Ý kiến phát biểu — Hoàng Thị Tố Nga (Bí thư Đảng ủy phường)]") in diff
    assert ("+", "[Ý kiến phát biểu — Hoàng Thị Tố Nga (sửa) (Bí thư Đảng ủy phường)]") in diff
    assert ("-", "Báo cáo tình hình tháng.") not in diff


def test_approval_turns_each_directive_into_a_task(meeting_a, ward_a, ward_b):
    approved_minutes(
        meeting_a,
        directives=[("Việc một", ward_a, date(2026, 5, 1)), ("Việc hai", ward_b, date(2026, 6, 1))],
        on=date(2026, 3, 12),
    )
    tasks = Task.objects.filter(meeting=meeting_a).order_by("due_date")
    assert [(t.title, t.assignee_unit, t.assigned_on) for t in tasks] == [
        ("Việc một", ward_a, date(2026, 3, 12)),
        ("Việc hai", ward_b, date(2026, 3, 12)),
    ]


@pytest.fixture
def task_a(meeting_a, ward_a):
    approved_minutes(meeting_a, directives=[("Khơi thông cống", ward_a, date(2026, 4, 10))])
    return Task.objects.get(meeting=meeting_a)


def test_task_done_on_time_and_late(task_a, clerk_a, leader_a):
    services.task_progress(user=clerk_a, task=task_a, note="Đã khảo sát")
    services.task_submit(user=clerk_a, task=task_a, note="Xong", on=date(2026, 4, 10))
    done = services.task_accept(user=leader_a, task=task_a)
    assert done.status == TaskStatus.DONE and done.completed_on <= done.due_date

    late = Task.objects.create(
        meeting=task_a.meeting,
        assignee_unit=task_a.assignee_unit,
        title="Trễ",
        due_date=date(2026, 3, 20),
        assigned_on=date(2026, 3, 12),
    )
    services.task_submit(user=clerk_a, task=late, on=date(2026, 3, 25))
    late = services.task_accept(user=leader_a, task=late)
    assert late.completed_on > late.due_date


def test_returned_task_goes_back_in_progress(task_a, clerk_a, leader_a):
    services.task_submit(user=clerk_a, task=task_a)
    with pytest.raises(services.MeetingError, match="lý do"):
        services.task_return(user=leader_a, task=task_a, note="")
    task = services.task_return(user=leader_a, task=task_a, note="Chưa đủ hồ sơ")
    assert task.status == TaskStatus.IN_PROGRESS and task.submitted_on is None
    with pytest.raises(services.MeetingError, match="đã báo cáo hoàn thành"):
        services.task_accept(user=leader_a, task=task)


def test_only_the_assignee_updates_and_only_the_director_accepts(
    frozen, district, ward_a, ward_b, upper_leader, clerk_a, clerk_b
):
    meeting = make_district_meeting(
        district=district,
        chair=upper_leader,
        participants=[ward_a],
    )
    approved_minutes(meeting, directives=[("Việc của phường A", ward_a, date(2026, 5, 1))])
    task = Task.objects.get(meeting=meeting)
    with pytest.raises(services.MeetingError, match="đơn vị được giao"):
        services.task_progress(user=clerk_b, task=task, note="x")
    services.task_submit(user=clerk_a, task=task)
    with pytest.raises(services.MeetingError, match="đơn vị chỉ đạo"):
        services.task_accept(user=clerk_a, task=task)
    assert services.task_accept(user=upper_leader, task=task).status == TaskStatus.DONE


def test_attachments_are_checked_by_content_and_size(meeting_a, leader_a, monkeypatch):
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 content", content_type="application/pdf")
    attachment = services.attachment_add(
        user=leader_a, meeting=meeting_a, kind="report", upload=pdf
    )
    assert attachment.content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.MeetingError, match="nội dung tệp"):
        services.attachment_add(user=leader_a, meeting=meeting_a, kind="report", upload=fake)
    zip_named_docx = SimpleUploadedFile("slides.exe", b"PK\x03\x04rest")
    with pytest.raises(services.MeetingError):
        services.attachment_add(
            user=leader_a, meeting=meeting_a, kind="slides", upload=zip_named_docx
        )
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 4)
    with pytest.raises(services.MeetingError, match="20 MB"):
        services.attachment_add(user=leader_a, meeting=meeting_a, kind="report", upload=pdf)


def test_conclusion_notice_due_within_five_working_days(meeting_a, leader_a, ward_a):
    approved_minutes(meeting_a, directives=[])
    # meeting on Tuesday 10/3/2026 → 5 working days later is Tuesday 17/3/2026
    notice = services.conclusion_notice_issue(
        user=leader_a, meeting=meeting_a, on=date(2026, 3, 18)
    )
    assert notice.due_on == date(2026, 3, 17)
    assert notice.on_time is False
    assert notice.number_label == "01/TB-UBND"
    with pytest.raises(services.MeetingError, match="đã có thông báo"):
        services.conclusion_notice_issue(user=leader_a, meeting=meeting_a)


def test_outsider_cannot_change_a_meeting(meeting_a, clerk_b):
    with pytest.raises(services.MeetingError):
        services.meeting_mark_held(user=clerk_b, meeting=meeting_a)


def test_numbers_given_before_the_registers_wrote_them_are_written_out(
    frozen, ward_a, leader_a, clerk_a
):
    """Migration meetings/0005 writes "05/BB-UBND" for minutes numbered before number_text."""
    from importlib import import_module

    from django.apps import apps

    from meetings.models import Minutes

    meeting = make_meeting(host=ward_a, chair=leader_a, secretary=clerk_a, day=date(2025, 12, 3))
    minutes = approved_minutes(meeting, directives=[])
    Minutes.objects.filter(pk=minutes.pk).update(number=5, number_text="")
    import_module("meetings.migrations.0005_number_text").written_numbers(apps, None)
    minutes.refresh_from_db()
    assert minutes.number_text == "05/BB-UBND"
