"""What a person can type into the meeting form is refused in Vietnamese next to its field, never
a 500, and nothing is half-saved."""

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.choices import MeetingKind
from meetings.models import Meeting

CREATE = "/meetings/new/"


def meeting_post(ward, chair, secretary, **overrides):
    data = {
        "kind": MeetingKind.PEOPLES_COMMITTEE,
        "title": "Họp UBND phường thường kỳ",
        "starts_at": "2026-04-10T08:00",
        "ends_at": "2026-04-10T10:00",
        "place": "Phòng họp UBND phường",
        "host_unit": ward.pk,
        "parent_body": "UBND QUẬN 1",
        "issuing_body": "ỦY BAN NHÂN DÂN PHƯỜNG",
        "body_symbol": "UBND",
        "chair": chair.pk,
        "chair_position": "Chủ tịch UBND phường",
        "secretary": secretary.pk,
        "secretary_position": "Công chức Văn phòng",
        "recipients": "UBND Quận 1",
        "agenda": "Báo cáo tháng",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post(frozen, ward_a, leader_a, clerk_a, leader_a_client):
    def send(**overrides):
        return leader_a_client.post(CREATE, meeting_post(ward_a, leader_a, clerk_a, **overrides))

    return send


def field_errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_a_well_formed_meeting_is_saved(post):
    assert post().status_code == 302 and Meeting.objects.count() == 1


def test_a_megabyte_of_agenda_is_refused_on_the_field(post):
    response = post(agenda="Nội dung " * 120_000)
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert field_errors(response, "agenda")


def test_an_agenda_line_longer_than_its_column_is_refused_on_the_field(post):
    response = post(agenda="ngắn\n" + "x" * 501)
    assert field_errors(response, "agenda") == [
        "Mỗi nội dung của chương trình dài tối đa 500 ký tự."
    ]
    assert not Meeting.objects.exists()


def test_a_text_field_without_a_column_length_has_a_limit_in_the_form(post):
    response = post(recipients="x" * 10_001)
    assert field_errors(response, "recipients") and not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_is_refused_in_vietnamese_on_the_end(post):
    response = post(starts_at="2026-04-10T10:00", ends_at="2026-04-10T08:00")
    assert field_errors(response, "ends_at") == ["Giờ kết thúc phải sau giờ bắt đầu."]
    assert response.context["form"].non_field_errors() == []
    assert "Constraint" not in response.content.decode() and not Meeting.objects.exists()


def test_the_database_constraint_speaks_vietnamese_to_a_service_too(
    frozen, ward_a, leader_a, clerk_a
):
    from tests.meetings.factories import at, make_meeting

    day = at(__import__("datetime").date(2026, 4, 10))
    with pytest.raises(ValidationError) as refused:
        make_meeting(
            host=ward_a,
            chair=leader_a,
            secretary=clerk_a,
            starts_at=day,
            ends_at=day.replace(hour=7),
        )
    assert "Giờ kết thúc phải sau giờ bắt đầu." in refused.value.messages
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["9999-01-01T08:00", "1900-01-01T08:00"])
def test_a_meeting_in_a_far_year_is_refused(post, day):
    response = post(starts_at=day, ends_at=day.replace("08:00", "09:00"))
    assert field_errors(response, "starts_at") == [
        "Ngày phải trong khoảng từ năm 2000 đến năm 2031."
    ]
    assert not Meeting.objects.exists()


def test_a_nul_character_is_refused_in_vietnamese(post):
    response = post(title="Họp\x00 phường")
    assert field_errors(response, "title") == [
        "Nội dung có ký tự không hợp lệ (ký tự NUL, \\x00). Hãy xóa ký tự đó rồi gửi lại."
    ]
    assert not Meeting.objects.exists()


def test_services_meeting_save_is_one_transaction(frozen, ward_a, leader_a, clerk_a):
    """An agenda the database refuses leaves no meeting behind (nothing half-saved)."""
    from tests.meetings.factories import at

    day = at(__import__("datetime").date(2026, 4, 10))
    with pytest.raises(Exception):  # noqa: B017 (the database's own refusal)
        services.meeting_save(
            user=leader_a,
            agenda=["x" * 501],
            kind=MeetingKind.PEOPLES_COMMITTEE,
            title="Họp",
            starts_at=day,
            ends_at=day.replace(hour=9),
            place="Phòng họp",
            host_unit=ward_a,
            chair=leader_a,
            secretary=clerk_a,
        )
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("votes_for", "99999"), ("task", "99999999"), ("due_date", "9999-01-01")]
)
def test_a_minutes_item_with_an_odd_number_is_refused_or_ignored_never_a_500(
    meeting_a, ward_a, leader_a_client, field, value
):
    from tests.meetings.factories import held

    held(meeting_a)
    minutes = services.minutes_start(user=meeting_a.chair, meeting=meeting_a)
    item = {
        "kind": "vote",
        "text": "Thông qua kế hoạch.",
        "votes_for": "5",
        field: value,
    }
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    data |= {f"form-0-{name}": v for name, v in item.items()}
    response = leader_a_client.post(f"/meetings/minutes/{minutes.pk}/edit/", data)
    assert response.status_code in (200, 302)
    if field == "task":  # a task of no item of these minutes is not linked
        assert minutes.items.get().task_id is None
    else:
        assert response.status_code == 200 and not minutes.items.exists()
