import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import CodeForm, EnrolForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _wait_message(until) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return _("Bạn đã nhập sai nhiều lần liên tiếp. Hãy đợi %(seconds)s giây rồi thử lại.") % {
        "seconds": seconds
    }


def _wrong_code(request, form: CodeForm, check: services.CodeCheck) -> None:
    """Says why the code failed and counts it as a failed login for django-axes: enough of
    them, with the wrong passwords, lock the account out like wrong passwords do."""
    if check.wait_until is not None:
        form.add_error(None, _wait_message(check.wait_until))
    elif form.cleaned_data["code"]:
        form.add_error(
            "code",
            _(
                "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện "
                "trong ứng dụng xác thực (mỗi mã chỉ dùng được một lần)."
            ),
        )
    else:
        form.add_error("backup_code", _("Mã dự phòng không đúng hoặc đã được dùng."))
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        # AxesMiddleware answers with the locked-out page; the half-done login ends here.
        logout(request)


@never_cache
@login_required
def verify(request):
    """The second step of a login, for someone who has an authenticator."""
    if request.session.get(services.STATE_KEY) != services.OWES_CODE:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"] or form.cleaned_data["backup_code"]
        check = services.code_check(user=request.user, code=code)
        if check.device is not None:
            services.session_verified(request, check.device)
            response = redirect(_next_url(request))
            if form.cleaned_data["remember"]:
                services.remember_device(response, request, check.device)
            return response
        _wrong_code(request, form, check)
    return render(
        request,
        "registration/two_factor_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "remember_days": settings.OTP_REMEMBER_DAYS,
        },
    )


@never_cache
@login_required
def enrol(request):
    """Adds an authenticator app: scan the QR code (or type the secret), give one code."""
    user = request.user
    device = services.authenticator_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.authenticator_confirm(
            user=user, device=device, name=form.cleaned_data["name"], code=form.cleaned_data["code"]
        )
        if check.device is not None:
            if not services.backup_codes_left(user):
                request.session[services.NEW_CODES_KEY] = services.backup_codes_renew(user=user)
            services.session_verified(request, device)
            messages.success(request, _("Đã thêm ứng dụng xác thực vào tài khoản."))
            return redirect("account_security")
        form.add_error(
            "code",
            _wait_message(check.wait_until)
            if check.wait_until
            else _(
                "Mã không khớp. Hãy kiểm tra giờ trên điện thoại (tự động) và nhập mã đang hiện."
            ),
        )
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": services.qr_code_svg(device),
            "secret": services.secret_for_typing(device),
            "required": services.two_factor_required(user),
            "has_authenticator": services.authenticators_of(user).exists(),
        },
    )


@never_cache
@login_required
def security(request):
    """The person's own two-factor devices and backup codes."""
    user = request.user
    return render(
        request,
        "registration/account_security.html",
        {
            "authenticators": services.authenticators_of(user),
            "backup_codes_left": services.backup_codes_left(user),
            # Shown once, right after they are made.
            "new_codes": request.session.pop(services.NEW_CODES_KEY, None),
            "required": services.two_factor_required(user),
            "remember_days": settings.OTP_REMEMBER_DAYS,
        },
    )


@require_POST
@login_required
def remove(request, pk: int):
    user = request.user
    if services.authenticator_remove(user=user, device_id=pk):
        messages.success(request, _("Đã gỡ thiết bị khỏi tài khoản."))
    request.session[services.STATE_KEY] = (
        services.SETTLED
        if services.authenticators_of(user).exists() or not services.two_factor_required(user)
        else services.OWES_ENROLMENT
    )
    return redirect("account_security")


@require_POST
@login_required
def backup_codes(request):
    user = request.user
    if services.authenticators_of(user).exists():
        request.session[services.NEW_CODES_KEY] = services.backup_codes_renew(user=user)
        messages.success(request, _("Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được."))
    return redirect("account_security")
