"""`manage.py check --deploy` is clean with the production values that .env.example documents,
and each of them matters: without it Django's (or our) deploy checks complain."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def documented_production_values() -> dict[str, str]:
    """The variables of .env.example (KEY=value lines; comments and blanks skipped), with a
    real random SECRET_KEY in place of its placeholder."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    assert values["SECRET_KEY"].startswith("<"), "the example must not hold a real key"
    return values | {"SECRET_KEY": secrets.token_urlsafe(50)}


def check_deploy(**changes: str) -> subprocess.CompletedProcess:
    # Only the documented variables: none of the test run's own (DEBUG, ALLOWED_HOSTS=*, ...).
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    env |= {"DJANGO_SETTINGS_MODULE": "ward_portal.settings", "LANG": "C.UTF-8"}
    env |= documented_production_values() | changes
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_the_documented_production_values():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("DEBUG", "1", "security.W018"),
        ("SECRET_KEY", "short-and-known", "security.W009"),
        ("SECURE_COOKIES", "0", "security.W012"),
        ("SECURE_SSL_REDIRECT", "0", "security.W008"),
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0", "security.W005"),
        ("SITE_URL", "http://phuong.example.vn", "ward_portal.W001"),
        ("ALLOWED_HOSTS", "*", "ward_portal.W002"),
    ],
)
def test_each_production_value_is_needed(variable, value, complaint):
    result = check_deploy(**{variable: value})
    assert result.returncode != 0
    assert complaint in result.stdout + result.stderr


def test_plain_http_is_redirected_but_not_the_health_check_behind_a_tls_proxy():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='phuong.example.vn')\n"
        "print(c.get('/accounts/login/').status_code, c.get('/accounts/login/').get('Location'))\n"
        "print(c.get('/accounts/login/', HTTP_X_FORWARDED_PROTO='https').status_code)\n"
        "print(c.get('/healthz').status_code)\n"
    )
    env = dict(os.environ) | documented_production_values()
    # /healthz asks the database for SELECT 1: the server's own postgres database will do.
    database = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    env |= {"DATABASE_URL": database, "REDIS_URL": os.environ["REDIS_URL"]}
    env |= {"EMAIL_URL": "consolemail://", "STATIC_MANIFEST": "0"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    redirected, served, health = result.stdout.splitlines()
    assert redirected == "301 https://phuong.example.vn/accounts/login/"
    assert served == "200"
    assert health == "200"
