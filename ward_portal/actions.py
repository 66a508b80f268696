"""A view running a service, written once: bind the form, call the service, show what it refused
where the user will see it, and redirect only to a page of this site.

    response = run_service(
        request,
        form,
        lambda: services.entry_record(line=line, user=request.user, **form.cleaned_data),
        success_url=reverse("budget:line", args=[line.pk]),
        success_message=_("Đã ghi chứng từ."),
    )
    if response is not None:
        return response
    return render(...)  # the bound form, with its errors, status 400

Two shapes:

- the page re-renders the form (no `error_url`): an invalid form or a refused service returns
  None; the service's errors whose key is one of the form's fields go onto that field, the
  others are shown as messages;
- the form is part of another page (`error_url` given): every error is a message and the user
  goes back to `error_url`.

A `next` field (POST, then GET) that points at a page of this site wins over `success_url`
and `error_url`; any other `next` (another host, another scheme) is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_ours(request: HttpRequest, url: str | None) -> bool:
    """True for a URL of this site: a path, or an absolute URL on this host (https only when
    the request came over https)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, default: Any, *, referer: bool = False) -> str:
    """Where to send the user: the request's `next` (POST, then GET) or, with `referer`, the
    page it came from, when that is a page of this site; otherwise `default` (a URL, a URL
    name or a model with get_absolute_url). Never an address chosen by another site."""
    candidates = [request.POST.get("next"), request.GET.get("next")]
    if referer:
        candidates.append(request.META.get("HTTP_REFERER"))
    for candidate in candidates:
        if is_ours(request, candidate):
            return candidate
    return resolve_url(default)


def show_errors(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Every message of a refusal, as an error message."""
    if isinstance(error, ValidationError):
        texts = error.messages
    else:
        texts = [str(error)] if str(error) else []
    for text in texts:
        messages.error(request, text)


def _apply(request: HttpRequest, form: forms.BaseForm, error: ValidationError) -> None:
    """The service's errors on the form's fields where they name one, as messages otherwise."""
    if not hasattr(error, "error_dict"):
        show_errors(request, error)
        return
    for name, errors in error.error_dict.items():
        for one in errors:
            field = name if name in form.fields else _unique_field(form, one)
            if field is not None:
                form.add_error(field, one)
            else:
                show_errors(request, ValidationError([one]))


def _unique_field(form: forms.BaseForm, error: ValidationError) -> str | None:
    """A unique constraint over several fields (a year's book of a unit, a line's category)
    refused as a whole: its message goes on the last of its fields that the form shows, the one
    the person typed."""
    check = (getattr(error, "params", None) or {}).get("unique_check") or ()
    shown = [name for name in check if name in form.fields]
    return shown[-1] if shown else None


def run_service[T](
    request: HttpRequest,
    form: forms.BaseForm | None,
    service: Callable[[], T],
    *,
    success_url: Any | Callable[[T], Any],
    success_message: str | Callable[[T], str] = "",
    error_url: Any | None = None,
    invalid_message: str = "",
    permission_denied_as_message: bool = False,
) -> HttpResponseRedirect | None:
    """Validate `form` (if any), run `service()` (a function of no arguments: it reads
    form.cleaned_data itself), then redirect.

    - `success_url` and `success_message` may be functions of what the service returned.
    - `error_url`: where a refusal goes, with its messages; None when the caller re-renders
      the form (then this returns None on any error).
    - `invalid_message`: one message in place of the form's own errors (with `error_url`).
    - `permission_denied_as_message`: a PermissionDenied from the service becomes a message
      instead of a 403.
    """
    if form is None and error_url is None:
        raise TypeError("run_service needs a form to re-render or an error_url")
    if form is not None and not form.is_valid():
        if error_url is None:
            return None
        if invalid_message:
            messages.error(request, invalid_message)
        else:
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, text)
        return redirect(next_url(request, error_url))
    refusals: tuple[type[Exception], ...] = (ValidationError,)
    if permission_denied_as_message:
        refusals += (PermissionDenied,)
    try:
        result = service()
    except refusals as error:
        if error_url is None and form is not None and isinstance(error, ValidationError):
            _apply(request, form, error)
        else:
            show_errors(request, error)  # type: ignore[arg-type]
        if error_url is None:
            return None
        return redirect(next_url(request, error_url))
    text = success_message(result) if callable(success_message) else success_message
    if text:
        messages.success(request, text)
    url = success_url(result) if callable(success_url) else success_url
    return redirect(next_url(request, url))
