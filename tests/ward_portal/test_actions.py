"""ward_portal.actions: a view running a service. Errors land where the user sees them (on the
field they name, otherwise as a message) and the user is only ever sent to a page of ours."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from ward_portal.actions import next_url, run_service

DEFAULT = "/budget/"


class AmountForm(forms.Form):
    amount = forms.IntegerField()
    note = forms.CharField(required=False)


def _request(data=None, *, secure=False, **headers):
    request = RequestFactory().post("/somewhere/", data or {}, secure=secure, **headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(error):
    def service():
        raise error

    return service


def test_a_field_error_goes_on_the_field_and_the_rest_becomes_a_message():
    request = _request()
    form = AmountForm({"amount": "5"})
    error = ValidationError({"amount": "Số tiền quá lớn.", "category": "Mục đã ngừng dùng."})
    response = run_service(request, form, _refuse(error), success_url=DEFAULT)
    assert response is None  # the view re-renders the bound form
    assert form.errors["amount"] == ["Số tiền quá lớn."]
    assert not form.non_field_errors()
    assert _messages(request) == [("error", "Mục đã ngừng dùng.")]


def test_a_non_field_error_is_a_message_not_a_form_error():
    request = _request()
    form = AmountForm({"amount": "5"})
    response = run_service(
        request, form, _refuse(ValidationError("Năm đã khóa sổ.")), success_url=DEFAULT
    )
    assert response is None
    assert form.is_valid() and not form.errors
    assert _messages(request) == [("error", "Năm đã khóa sổ.")]


@pytest.mark.django_db
def test_a_unique_constraint_over_several_fields_goes_on_the_field_the_form_shows(ward_a, leader_a):
    """A unit's book of a year exists: the model's own refusal (unique unit + year, a whole-
    model error) lands on the year the person typed."""
    from budget import services

    class YearForm(forms.Form):
        year = forms.IntegerField()

    services.fiscal_year_create(unit=ward_a, year=2026, user=leader_a)
    request = _request()
    form = YearForm({"year": "2026"})
    form.is_valid()
    response = run_service(
        request,
        form,
        lambda: services.fiscal_year_create(unit=ward_a, year=2026, user=leader_a),
        success_url=DEFAULT,
    )
    assert response is None
    assert form.errors["year"] and not form.non_field_errors()
    assert _messages(request) == []


def test_an_invalid_form_is_re_rendered_without_calling_the_service():
    calls = []
    form = AmountForm({"amount": "nhiều"})
    response = run_service(_request(), form, lambda: calls.append(1), success_url=DEFAULT)
    assert response is None and calls == [] and "amount" in form.errors


def test_success_shows_the_message_and_redirects():
    request = _request()
    form = AmountForm({"amount": "5"})
    response = run_service(
        request,
        form,
        lambda: form.cleaned_data["amount"] * 2,
        success_url=lambda result: f"/budget/lines/{result}/",
        success_message=lambda result: f"Đã ghi {result}.",
    )
    assert response.status_code == 302 and response.url == "/budget/lines/10/"
    assert _messages(request) == [("success", "Đã ghi 10.")]


def test_on_another_page_every_error_is_a_message_and_the_user_goes_back():
    request = _request()
    form = AmountForm({"amount": "5"})
    error = ValidationError({"amount": "Số tiền quá lớn."})
    response = run_service(
        request, form, _refuse(error), success_url=DEFAULT, error_url="/budget/units/1/"
    )
    assert response.url == "/budget/units/1/"
    assert _messages(request) == [("error", "Số tiền quá lớn.")]


def test_on_another_page_an_invalid_form_says_why_or_the_given_message():
    request = _request({"amount": "x"})
    response = run_service(
        request, AmountForm(request.POST), lambda: None, success_url=DEFAULT, error_url=DEFAULT
    )
    assert response.url == DEFAULT
    assert [level for level, _text in _messages(request)] == ["error"]
    request = _request({"amount": "x"})
    run_service(
        request,
        AmountForm(request.POST),
        lambda: None,
        success_url=DEFAULT,
        error_url=DEFAULT,
        invalid_message="Năm không hợp lệ.",
    )
    assert _messages(request) == [("error", "Năm không hợp lệ.")]


def test_permission_denied_is_a_403_unless_asked_to_be_a_message():
    with pytest.raises(PermissionDenied):
        run_service(
            _request(),
            None,
            _refuse(PermissionDenied("Chỉ lãnh đạo.")),
            success_url=DEFAULT,
            error_url=DEFAULT,
        )
    request = _request()
    response = run_service(
        request,
        None,
        _refuse(PermissionDenied("Chỉ lãnh đạo.")),
        success_url=DEFAULT,
        error_url=DEFAULT,
        permission_denied_as_message=True,
    )
    assert response.url == DEFAULT and _messages(request) == [("error", "Chỉ lãnh đạo.")]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/budget/",
        "http://evil.example/budget/",
        "javascript:alert(1)",
        "https:///evil.example/",
    ],
)
def test_a_next_of_another_site_falls_back_to_the_default(target):
    request = _request({"next": target})
    response = run_service(request, None, lambda: None, success_url=DEFAULT, error_url=DEFAULT)
    assert response.url == DEFAULT
    assert next_url(_request(HTTP_REFERER=target), DEFAULT, referer=True) == DEFAULT


@pytest.mark.parametrize("target", ["/citizens/5/", "http://testserver/citizens/5/?page=2"])
def test_a_next_of_ours_is_honoured(target):
    request = _request({"next": target})
    response = run_service(request, None, lambda: None, success_url=DEFAULT, error_url=DEFAULT)
    assert response.url == target
    assert next_url(_request(HTTP_REFERER=target), DEFAULT, referer=True) == target


def test_the_referer_counts_only_when_asked_and_plain_http_not_from_https():
    assert next_url(_request(HTTP_REFERER="/citizens/5/"), DEFAULT) == DEFAULT
    secure = _request(secure=True, HTTP_REFERER="http://testserver/citizens/5/")
    assert next_url(secure, DEFAULT, referer=True) == DEFAULT
    assert next_url(_request(), "citizens:index") == "/citizens/"
