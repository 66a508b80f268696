"""A leader enrols an authenticator app by typing the secret shown beside the QR code, keeps
the backup codes, logs out, and logs in again with the password and a code."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login
from tests.factories import PASSWORD, RoleFactory, UnitFactory
from ward_portal.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def next_code(user) -> str:
    """The authenticator's code for the first step after the one used last, as the device sees
    time (its drift included: a code typed just before a 30 s step ends and checked just after
    it sets a drift of -1)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = clock.t()
    clock.drift += max(now, device.last_t + 1) - now
    return f"{clock.token():06d}"


@pytest.fixture
def leader(transactional_db, settings):
    settings.OTP_REQUIRED_FOR_LEADERS = True
    ward = UnitFactory(name="Phường Thử Hai Bước")
    return RoleFactory(
        unit=ward, role=Role.LEADER, user__username="lanhdao.2fa", user__full_name="Trần Thị B"
    ).user


def test_a_leader_enrols_then_logs_in_with_password_and_code(page, leader):
    login(page, "lanhdao.2fa", PASSWORD)
    # Required of leaders: enrolment comes before anything else.
    expect(page).to_have_url(re.compile(r"/accounts/security/authenticator/\?next="))
    expect(
        page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    ).to_be_visible()
    assert axe_violations(page) == []
    secret = page.locator("#totp-secret").inner_text()
    key = b32decode(secret.replace(" ", ""))
    page.get_by_label("Tên thiết bị").fill("Điện thoại của chị B")
    page.get_by_label("Mã xác thực").fill(code_for(key))
    page.get_by_role("button", name="Xác nhận và bật").click()

    expect(page.get_by_role("heading", name="Mã dự phòng của bạn")).to_be_visible()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    expect(page.get_by_role("button", name="Gỡ “Điện thoại của chị B”")).to_be_visible()
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    login(page, "lanhdao.2fa", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    code_field = page.get_by_label("Mã xác thực")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    assert axe_violations(page) == []
    # The code used at enrolment cannot be replayed: the app's next one is.
    code_field.fill(next_code(leader))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Thử Hai Bước")
