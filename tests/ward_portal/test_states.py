"""The one guard of state transitions: an action starts only from the states it allows, and a
refusal says in words which action and which state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ward_portal.models import Role, RoleAssignment
from ward_portal.states import require_state


class Draft:
    """Any object with a `status` and its label, as a model with choices has."""

    status = "draft"

    def get_status_display(self) -> str:
        return "Dự thảo"


def test_an_allowed_state_passes():
    assert require_state(Draft(), ["draft", "signed"], action="ký") is None


def test_a_refused_state_names_the_action_and_the_state_label():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        require_state(Draft(), ["signed"], action="ban hành")
    assert refused.value.messages == ["Không thể ban hành khi đang ở trạng thái “Dự thảo”."]


def test_the_state_is_read_from_the_field_named_with_its_choice_label():
    clerk = RoleAssignment(role=Role.CLERK)
    require_state(clerk, [Role.CLERK], action="ghi sổ", field="role")
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        require_state(clerk, [Role.LEADER], action="phê duyệt", field="role")
    assert refused.value.messages == [
        "Không thể phê duyệt khi đang ở trạng thái “Cán bộ, công chức”."
    ]


def test_the_standard_sentence_is_translated():
    clerk = RoleAssignment(role=Role.CLERK)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        require_state(clerk, [Role.LEADER], action="approve", field="role")
    with translation.override("en"):
        label = str(Role.CLERK.label)
    assert label != "Cán bộ, công chức"
    assert refused.value.messages == [f"Cannot approve while in status “{label}”."]


def test_a_custom_message_replaces_the_sentence_and_needs_no_action():
    with pytest.raises(ValidationError) as refused:
        require_state(Draft(), ["approved"], message="Chỉ gửi sau khi biên bản đã ký duyệt.")
    assert refused.value.messages == ["Chỉ gửi sau khi biên bản đã ký duyệt."]


def test_a_custom_error_class_is_raised():
    class StepRefused(ValidationError):
        pass

    with pytest.raises(StepRefused, match="Dự thảo"):
        require_state(Draft(), ["approved"], action="gửi", error_class=StepRefused)
    with pytest.raises(PermissionDenied, match="Không được"):
        require_state(Draft(), ["approved"], message="Không được.", error_class=PermissionDenied)


def test_the_guard_needs_an_action_or_a_message():
    with pytest.raises(TypeError):
        require_state(Draft(), ["draft"])
