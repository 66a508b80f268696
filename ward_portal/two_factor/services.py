"""Reads and writes of two-factor devices, and what a session still owes."""

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime, timedelta

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ward_portal.models import Role, User

# What a logged-in session still owes, kept in the session: a code, an enrolment, or nothing.
STATE_KEY = "two_factor"
OWES_CODE = "code"
OWES_ENROLMENT = "enrol"
SETTLED = "settled"
# Backup codes just made, shown once on the next page and then forgotten.
NEW_CODES_KEY = "two_factor_new_codes"
REMEMBER_COOKIE = "portal_2fa_remember"
REMEMBER_SALT = "ward_portal.two_factor.remember"
BACKUP_DEVICE_NAME = "backup"


def two_factor_required(user: User) -> bool:
    """Leaders (a LEADER role in any unit) and administrators must use a second factor."""
    if not settings.OTP_REQUIRED_FOR_LEADERS:
        return False
    return user.is_superuser or user.roles.filter(role=Role.LEADER).exists()


def authenticators_of(user: User) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def owed_step(user: User) -> str:
    if authenticators_of(user).exists():
        return OWES_CODE
    if two_factor_required(user):
        return OWES_ENROLMENT
    return SETTLED


def session_start(request, user: User) -> None:
    """After a password login: a remembered browser is verified at once; otherwise note what
    the session owes (TwoFactorMiddleware collects it)."""
    device = remembered_device(request, user)
    if device is not None:
        django_otp.login(request, device)
        request.session[STATE_KEY] = SETTLED
    else:
        request.session[STATE_KEY] = owed_step(user)


def session_verified(request, device: Device) -> None:
    django_otp.login(request, device)
    request.session[STATE_KEY] = SETTLED


# --- remembering a browser ----------------------------------------------------------------


def remember_device(response, request, device: Device) -> None:
    """A signed cookie naming the person and the device that verified them: removing the
    device, or the days passing (the signature's timestamp), ends it."""
    days = settings.OTP_REMEMBER_DAYS
    if days <= 0:
        return
    response.set_signed_cookie(
        REMEMBER_COOKIE,
        f"{device.user_id}|{device.persistent_id}",
        salt=REMEMBER_SALT,
        max_age=days * 24 * 60 * 60,
        httponly=True,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def remembered_device(request, user: User) -> Device | None:
    days = settings.OTP_REMEMBER_DAYS
    if days <= 0:
        return None
    value = request.get_signed_cookie(
        REMEMBER_COOKIE, default=None, salt=REMEMBER_SALT, max_age=timedelta(days=days)
    )
    user_pk, _, device_id = (value or "").partition("|")
    if not device_id or user_pk != str(user.pk):
        return None
    device = Device.from_persistent_id(device_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


# --- verifying a code ---------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    # Set when every device refused to look at the code because of recent failures.
    wait_until: datetime | None = None


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_check(*, user: User, code: str) -> CodeCheck:
    """Six digits are an authenticator's code, anything else a backup code; each device
    counts its failures and makes the next try wait (django-otp throttling)."""
    code = _normalised(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    wait_until = None
    checked = False
    with transaction.atomic():
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices.order_by("pk"):
            allowed, details = device.verify_is_allowed()
            if not allowed:
                locked_until = (details or {}).get("locked_until")
                if locked_until and (wait_until is None or locked_until > wait_until):
                    wait_until = locked_until
                continue
            checked = True
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck(device=None, wait_until=None if checked else wait_until)


# --- enrolment and removal ----------------------------------------------------------------


def authenticator_start(*, user: User) -> TOTPDevice:
    """The device being enrolled: the person's unconfirmed one, so reloading the page keeps
    the QR code they may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="", confirmed=False)
    return device


@transaction.atomic
def authenticator_confirm(*, user: User, device: TOTPDevice, name: str, code: str) -> CodeCheck:
    """Confirms the device being enrolled if the code is its current one."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(device=None, wait_until=(details or {}).get("locked_until"))
    if not device.verify_token(_normalised(code)):
        return CodeCheck(device=None)
    device.name = name
    device.confirmed = True
    device.full_clean()
    device.save()
    return CodeCheck(device=device)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """A fresh set of one-time backup codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def authenticator_remove(*, user: User, device_id: int) -> bool:
    """Removes one of the person's authenticators; with the last one go the backup codes
    (they are a stand-in for an authenticator, not a second factor of their own)."""
    deleted, _ = TOTPDevice.objects.filter(user=user, pk=device_id).delete()
    if deleted and not authenticators_of(user).exists():
        StaticDevice.objects.filter(user=user).delete()
    return bool(deleted)


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no network)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=16, border=2
    )
    return image.to_string(encoding="unicode")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps where one types it in."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    # Every login (the login page, the admin's, a test client's) passes here.
    if request is not None and hasattr(request, "session"):
        session_start(request, user)
