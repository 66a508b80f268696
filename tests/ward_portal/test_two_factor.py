"""Two-factor login (ward_portal/two_factor): real TOTP codes computed from the device key,
backup codes, the remembered browser, the lockout, and who must enrol."""

import os
import subprocess
import sys
import time
from base64 import b32decode
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.helpers import client_for
from ward_portal.two_factor import services

IP = "10.2.2.2"


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or that many 30-second steps later)."""
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def login(client, username):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=IP
    )


def give_code(client, code="", backup_code="", **extra):
    data = {"code": code, "backup_code": backup_code, "next": "/budget/", **extra}
    return client.post(reverse("two_factor_verify"), data, REMOTE_ADDR=IP)


@pytest.fixture
def authenticator(leader_a):
    return TOTPDevice.objects.create(user=leader_a, name="Điện thoại", confirmed=True)


@pytest.fixture
def backup_codes(leader_a, authenticator):
    return services.backup_codes_renew(user=leader_a)


@pytest.fixture
def no_throttle(settings):
    # django-otp makes the next try wait 1, 2, 4... s after a failure; tests that follow a
    # wrong code with a right one at once turn that off (one test checks the wait itself).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_a_password_alone_does_not_open_pages_for_someone_with_an_authenticator(
    client, authenticator
):
    response = login(client, "leader_a")
    assert response.status_code == 302
    response = client.get("/budget/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_verify')}?next={quote('/budget/')}"
    page = client.get(response["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label for="id_code">' in page


def test_the_current_code_completes_the_login(client, authenticator):
    login(client, "leader_a")
    response = give_code(client, code_for(authenticator.bin_key))
    assert response.status_code == 302 and response["Location"] == "/budget/"
    assert client.get("/budget/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message_and_counts_as_a_failed_login(
    client, authenticator
):
    login(client, "leader_a")
    right = code_for(authenticator.bin_key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = give_code(client, wrong)
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    assert AccessAttempt.objects.get(username="leader_a").failures_since_start == 1
    assert client.get("/budget/").status_code == 302


def test_a_code_is_not_accepted_twice(client, authenticator, no_throttle):
    code = code_for(authenticator.bin_key)
    login(client, "leader_a")
    give_code(client, code)
    client.post(reverse("logout"))
    login(client, "leader_a")
    response = give_code(client, code)
    assert response.status_code == 200 and "không đúng hoặc đã hết hạn" in response.content.decode()


def test_a_wrong_code_makes_the_next_try_wait(client, authenticator):
    login(client, "leader_a")
    give_code(client, "000000" if code_for(authenticator.bin_key) != "000000" else "111111")
    response = give_code(client, code_for(authenticator.bin_key))
    assert "Hãy đợi 1 giây rồi thử lại" in response.content.decode()
    assert client.get("/budget/").status_code == 302


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(
    client, authenticator, settings, no_throttle
):
    settings.AXES_FAILURE_LIMIT = 3
    login(client, "leader_a")
    give_code(client, "abc")  # a backup code that does not exist
    give_code(client, "abd")
    response = give_code(client, "abe")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    # The half-done login is over, and the password alone no longer opens it either.
    assert client.get("/budget/")["Location"].startswith(reverse("login"))
    response = login(client, "leader_a")
    assert response.status_code == 429


def test_a_backup_code_works_once(client, backup_codes, no_throttle):
    login(client, "leader_a")
    response = give_code(client, backup_code=backup_codes[0].upper())
    assert response.status_code == 302
    client.post(reverse("logout"))
    login(client, "leader_a")
    response = give_code(client, backup_code=backup_codes[0])
    assert "Mã dự phòng không đúng hoặc đã được dùng" in response.content.decode()
    assert give_code(client, backup_code=backup_codes[1]).status_code == 302


def test_new_backup_codes_replace_the_old_ones(leader_a, backup_codes, no_throttle):
    client = client_for(leader_a)
    give_code(client, backup_code=backup_codes[0])
    client.post(reverse("two_factor_backup_codes"))
    page = client.get(reverse("account_security")).content.decode()
    fresh = list(StaticToken.objects.filter(device__user=leader_a).values_list("token", flat=True))
    assert len(fresh) == 10 and set(fresh).isdisjoint(backup_codes)
    assert all(code in page for code in fresh)
    # Shown once only.
    assert fresh[0] not in client.get(reverse("account_security")).content.decode()
    other = client_for(leader_a)
    assert give_code(other, backup_code=backup_codes[1]).status_code == 200


def test_a_remembered_browser_is_not_asked_again_until_the_days_pass(
    client, authenticator, settings
):
    settings.OTP_REMEMBER_DAYS = 30
    login(client, "leader_a")
    response = give_code(client, code_for(authenticator.bin_key), remember="on")
    cookie = response.cookies[services.REMEMBER_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 30 * 24 * 3600
    client.post(reverse("logout"))
    login(client, "leader_a")
    assert client.get("/budget/").status_code == 200

    client.post(reverse("logout"))
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        login(client, "leader_a")
        assert client.get("/budget/")["Location"].startswith(reverse("two_factor_verify"))


def test_a_remembered_browser_is_forgotten_when_its_device_is_removed(client, authenticator):
    login(client, "leader_a")
    give_code(client, code_for(authenticator.bin_key), remember="on")
    # Another device remains, so a code is still owed: only the cookie could waive it.
    TOTPDevice.objects.create(user=authenticator.user, name="Máy tính bảng")
    authenticator.delete()
    client.post(reverse("logout"))
    login(client, "leader_a")
    assert client.get("/budget/")["Location"].startswith(reverse("two_factor_verify"))


def test_no_browser_is_remembered_when_the_days_are_zero(client, authenticator, settings):
    settings.OTP_REMEMBER_DAYS = 0
    login(client, "leader_a")
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert 'name="remember"' not in page
    response = give_code(client, code_for(authenticator.bin_key), remember="on")
    assert services.REMEMBER_COOKIE not in response.cookies


def test_the_remember_cookie_is_bound_to_its_person(client, authenticator, upper_leader):
    login(client, "leader_a")
    give_code(client, code_for(authenticator.bin_key), remember="on")
    client.post(reverse("logout"))
    TOTPDevice.objects.create(user=upper_leader, name="Điện thoại")
    login(client, "upper_leader")
    assert client.get("/budget/")["Location"].startswith(reverse("two_factor_verify"))


def test_leaders_and_administrators_must_enrol_when_the_setting_is_on(
    settings, leader_a, clerk_a, admin_user
):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    for user in (leader_a, admin_user):
        response = client_for(user).get("/dashboard/")
        assert response["Location"].startswith(reverse("two_factor_enrol")), user
    assert client_for(clerk_a).get("/dashboard/").status_code == 200


def test_nobody_must_enrol_when_the_setting_is_off(leader_a, admin_user):
    assert client_for(leader_a).get("/dashboard/").status_code == 200
    assert client_for(admin_user).get("/admin/").status_code == 200


def test_the_admin_wants_a_verified_session(settings, admin_user):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    client = client_for(admin_user)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.create(user=admin_user, name="Điện thoại")
    client = client_for(admin_user)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))
    give_code(client, code_for(device.bin_key))
    assert client.get("/admin/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_secret_then_confirms_with_a_code(
    settings, leader_a, no_throttle
):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    client = client_for(leader_a)
    page = client.get(reverse("two_factor_enrol")).content.decode()
    assert "<svg" in page and "https://" not in page.split("<svg", 1)[1].split("</svg>")[0]
    secret = page.split('id="totp-secret" translate="no">', 1)[1].split("<", 1)[0]
    key = b32decode(secret.replace(" ", ""))
    # Reloading keeps the same secret (the person may have scanned it already).
    assert secret in client.get(reverse("two_factor_enrol")).content.decode()

    response = client.post(reverse("two_factor_enrol"), {"name": "Điện thoại", "code": "123"})
    assert "Mã không khớp" in response.content.decode()
    response = client.post(
        reverse("two_factor_enrol"), {"name": "Điện thoại", "code": code_for(key)}
    )
    assert response["Location"] == reverse("account_security")
    page = client.get(reverse("account_security")).content.decode()
    codes = StaticToken.objects.filter(device__user=leader_a).values_list("token", flat=True)
    assert len(codes) == 10 and all(code in page for code in codes)
    assert client.get("/dashboard/").status_code == 200
    assert TOTPDevice.objects.get(user=leader_a).confirmed


def test_a_wrong_code_at_enrolment_makes_the_next_try_wait(settings, leader_a):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    client = client_for(leader_a)
    client.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=leader_a)
    client.post(reverse("two_factor_enrol"), {"name": "Điện thoại", "code": "12345"})
    response = client.post(
        reverse("two_factor_enrol"), {"name": "Điện thoại", "code": code_for(device.bin_key)}
    )
    assert "Hãy đợi 1 giây rồi thử lại" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_session_owing_an_enrolment_may_still_log_out(settings, leader_a):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    client = client_for(leader_a)
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get("/dashboard/")["Location"].startswith(reverse("login"))


def test_the_code_page_sends_a_session_that_owes_nothing_on(clerk_a_client):
    response = clerk_a_client.get(reverse("two_factor_verify"), {"next": "/budget/"})
    assert response["Location"] == "/budget/"
    response = clerk_a_client.get(reverse("two_factor_verify"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_session_owing_a_code_cannot_enrol_another_device(client, authenticator):
    login(client, "leader_a")
    response = client.get(reverse("two_factor_enrol"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_removing_the_last_device_of_a_leader_sends_them_back_to_enrolment(
    settings, leader_a, authenticator, backup_codes
):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    client = client_for(leader_a)
    give_code(client, code_for(authenticator.bin_key))
    page = client.get(reverse("account_security")).content.decode()
    assert "Điện thoại" in page and "Còn 10 mã dự phòng" in page
    client.post(reverse("two_factor_remove", args=[authenticator.pk]))
    assert not TOTPDevice.objects.filter(user=leader_a).exists()
    assert not StaticToken.objects.filter(device__user=leader_a).exists()
    assert client.get("/dashboard/")["Location"].startswith(reverse("two_factor_enrol"))


def test_nobody_removes_another_persons_device(clerk_a, authenticator):
    client = client_for(clerk_a)
    response = client.post(reverse("two_factor_remove", args=[authenticator.pk]))
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=authenticator.pk).exists()


def test_a_session_from_before_two_factor_login_is_judged_once(leader_a, authenticator):
    client = client_for(leader_a)
    session = client.session
    del session[services.STATE_KEY]
    session.save()
    assert client.get("/budget/")["Location"].startswith(reverse("two_factor_verify"))


def test_the_security_page_is_linked_from_the_user_menu(clerk_a_client):
    page = clerk_a_client.get("/dashboard/").content.decode()
    assert f'href="{reverse("account_security")}"' in page
    page = clerk_a_client.get(reverse("account_security")).content.decode()
    assert "Bật xác thực hai bước" in page


def test_codes_are_real_totp(authenticator):
    # The helper above agrees with an independent RFC 6238 computation.
    import hashlib
    import hmac
    import struct

    counter = int(time.time()) // 30
    digest = hmac.new(authenticator.bin_key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    assert code_for(authenticator.bin_key) == f"{value:06d}"


def _setting_in_a_fresh_process(environ: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_factor_is_required_of_leaders_unless_the_environment_says_otherwise():
    environ = {k: v for k, v in os.environ.items() if k != "OTP_REQUIRED_FOR_LEADERS"}
    read = "from ward_portal import settings; print(settings.OTP_REQUIRED_FOR_LEADERS)"
    assert _setting_in_a_fresh_process(environ, read) == "True"
    # make run (scripts/portal.py) sets it off for the demo leaders.
    read_defaults = (
        "import os, sys; sys.path.insert(0, 'scripts'); import portal; "
        "portal.dev_defaults(); print(os.environ['OTP_REQUIRED_FOR_LEADERS'])"
    )
    assert _setting_in_a_fresh_process(environ, read_defaults) == "0"
