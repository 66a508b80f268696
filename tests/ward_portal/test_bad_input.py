"""The kernel's input limits (ward_portal/inputs.py) hold on every form of the portal."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models

from ward_portal.inputs import TEXT_MAX_LENGTH, CheckedInputs, Form

FORM_MODULES = [
    "budget.forms",
    "citizens.forms",
    "meetings.forms",
    "reports.forms",
    "dashboards.forms",
]


def _our_forms():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_every_form_of_the_apps_has_the_kernel_limits():
    missing = [cls.__qualname__ for cls in _our_forms() if not issubclass(cls, CheckedInputs)]
    assert missing == []
    assert len(list(_our_forms())) > 20


def test_every_check_constraint_says_what_is_wrong_in_vietnamese():
    default = models.CheckConstraint(condition=models.Q(pk=1), name="x").violation_error_message
    silent = [
        f"{model.__name__}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"ward_portal", "budget", "meetings", "citizens", "reports"}
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.violation_error_message == default
    ]
    assert silent == []


class Sample(Form):
    note = forms.CharField(widget=forms.Textarea, required=False)
    title = forms.CharField(max_length=20, required=False)
    day = forms.DateField(required=False)


def test_a_text_without_a_length_gets_the_kernel_limit_and_its_html_attribute():
    form = Sample({"note": "x" * (TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid() and "note" in form.errors
    assert f'maxlength="{TEXT_MAX_LENGTH}"' in str(form["note"])
    assert Sample({"note": "x" * TEXT_MAX_LENGTH}).is_valid()


@pytest.mark.parametrize("field", ["note", "title"])
def test_a_nul_character_is_refused_in_vietnamese(field):
    form = Sample({field: "a\x00b"})
    assert form.errors[field] == [
        "Nội dung có ký tự không hợp lệ (ký tự NUL, \\x00). Hãy xóa ký tự đó rồi gửi lại."
    ]


@pytest.mark.parametrize(
    ("day", "valid"), [("1999-12-31", False), ("2000-01-01", True), ("9999-01-01", False)]
)
def test_a_date_outside_the_portal_years_is_refused(day, valid):
    form = Sample({"day": day})
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["day"][0].startswith("Ngày phải trong khoảng từ năm 2000 đến năm ")


@pytest.mark.parametrize(
    "target",
    [
        "/\\evil.example/",
        "\\\\evil.example/",
        "http://testserver@evil.example/",
        "http:/\\evil.example",
        " //evil.example/",
        "\x00//evil.example/",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_a_referer_or_next_of_another_site_in_any_spelling_is_ignored(rf, target):
    from ward_portal.actions import next_url

    request = rf.post("/x/", {"next": target}, HTTP_REFERER=target)
    assert next_url(request, "/meetings/", referer=True) == "/meetings/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/citizens/", "open_on"),
        ("/citizens/", "overdue_on"),
        ("/citizens/", "resolved_before"),
        ("/citizens/", "received_after"),
        ("/meetings/tasks/", "open_on"),
        ("/meetings/tasks/", "overdue_on"),
    ],
)
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "²", "a\x00b"])
def test_a_list_filter_with_a_far_date_is_refused_not_a_500(
    upper_leader_client, ward_a, url, name, value
):
    response = upper_leader_client.get(url, {name: value})
    assert response.status_code == 200


def test_the_list_filters_have_the_kernel_limits():
    from budget.filters import FiscalYearFilterSet, OverviewFilterSet
    from citizens.filters import PetitionFilter, ReceptionFilter
    from meetings.filters import MeetingFilter, TaskFilter

    for filterset in [
        PetitionFilter, ReceptionFilter, MeetingFilter, TaskFilter, OverviewFilterSet,
        FiscalYearFilterSet,
    ]:  # fmt: skip
        assert issubclass(filterset(data={}).get_form_class(), CheckedInputs), filterset


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/budget/units/{ward}/", {"year": "²²²²"}),
        ("/budget/units/{ward}/", {"period": "q²"}),
        ("/budget/units/{ward}/export.csv", {"period": "m٣"}),
        ("/meetings/calendar/", {"unit": "²"}),
        ("/citizens/receptions/export/", {"unit": "²"}),
    ],
)
def test_digits_of_other_scripts_in_an_address_are_never_a_500(
    upper_leader_client, ward_a, url, params
):
    response = upper_leader_client.get(url.format(ward=ward_a.pk), params)
    assert response.status_code in (200, 404)


@pytest.mark.django_db
def test_bulk_assign_with_a_superscript_id_is_never_a_500(leader_a_client, clerk_a):
    response = leader_a_client.post("/citizens/assign/", {"handler": clerk_a.pk, "petitions": "²"})
    assert response.status_code == 302


def test_the_limits_are_added_to_each_form_not_to_the_class():
    for _ in range(3):
        form = Sample()
    assert len(form.fields["note"].validators) == 2  # NUL, then the length
    assert len(Sample.base_fields["note"].validators) == 1
