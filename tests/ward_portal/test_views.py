import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_landing_page_is_public_and_points_to_the_public_services(citizen_client):
    response = citizen_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    for url in ["/feedback/", "/public/", "/accounts/login/"]:
        assert f'href="{url}' in html


def test_staff_pages_require_login(citizen_client):
    for url in ["/dashboard/", "/budget/", "/meetings/", "/citizens/", "/reports/"]:
        response = citizen_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_dashboard_shows_the_units_in_scope(upper_leader_client, clerk_b_client, ward_a, ward_b):
    html = upper_leader_client.get("/dashboard/").content.decode()
    assert "Phường Nguyễn Thái Bình" in html and "Phường Bến Nghé" in html
    html = clerk_b_client.get("/dashboard/").content.decode()
    assert "Phường Bến Nghé" in html and "Phường Nguyễn Thái Bình" not in html


def test_navigation_by_role(clerk_a_client, admin_client_):
    clerk_html = clerk_a_client.get("/dashboard/").content.decode()
    assert 'href="/budget/"' in clerk_html
    assert 'href="/admin/"' not in clerk_html
    admin_html = admin_client_.get("/dashboard/").content.decode()
    assert 'href="/admin/"' in admin_html


def _login(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.1.1"
    )


def test_login_and_logout(client, clerk_a):
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get("/dashboard/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/dashboard/").status_code == 302


def test_wrong_password_shows_a_clear_vietnamese_error(client, clerk_a):
    response = _login(client, "clerk_a", "wrong")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html


def test_repeated_failures_lock_the_account_with_a_clear_message(client, clerk_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk_a", "wrong")
    response = _login(client, "clerk_a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    html = response.content.decode()
    assert "tạm thời bị khóa" in html
    assert "15 phút" in html


def test_password_reset_sends_an_email(client, clerk_a):
    response = client.post(reverse("password_reset"), {"email": clerk_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change(clerk_a_client, clerk_a):
    response = clerk_a_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mat-khau-moi-2026",
            "new_password2": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("mat-khau-moi-2026")


def test_english_can_be_selected(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Send feedback" in html


@pytest.mark.parametrize("browser_language", ["fr", "en-US,en;q=0.9", ""])
def test_vietnamese_is_the_default_whatever_the_browser_says(client, browser_language):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=browser_language).content.decode()
    assert 'lang="vi"' in html and "Gửi phản ánh" in html


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
