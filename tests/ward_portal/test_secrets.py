"""Secrets come only from the environment: no tracked file (git ls-files) holds something that
looks like one. Allowed: the demo password `demo-portal` (README), placeholders such as
`<password>`, and SECRET_KEY values that call themselves insecure (the development and test
defaults of scripts/portal.py) or sit in tests/."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"),
    "AWS secret access key": re.compile(
        r"(?i)aws_?secret_?(?:access_?)?key\W{1,4}[A-Za-z0-9/+]{40}\b"
    ),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Stripe live key": re.compile(r"\b[rs]k_live_[0-9A-Za-z]{20,}"),
}
# scheme://user:<password>@host: the password is group 1.
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/:@'\"<>`]*:([^\s/@'\"`]+)@")
# SECRET_KEY = "..." / setdefault("SECRET_KEY", "...") / "SECRET_KEY": "..." (quoted values).
SECRET_KEY_QUOTED = re.compile(r"""SECRET_KEY['"]?\s*[=:,]\s*['"]([^'"\n]*)['"]""")
# SECRET_KEY=value / SECRET_KEY: value on a line of its own (env files, YAML, shell).
SECRET_KEY_LINE = re.compile(r"""^\s*(?:export\s+)?SECRET_KEY\s*[=:]\s*([^'"\s][^#\n]*?)\s*$""")
SECRET_FILE_NAMES = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|.*\.pem|.*\.key|.*\.p12)$")


def is_placeholder(value: str) -> bool:
    return (value.startswith("<") and value.endswith(">")) or value.startswith("$")


def password_allowed(password: str) -> bool:
    return password == "demo-portal" or is_placeholder(password)


def secret_key_allowed(value: str, path: str) -> bool:
    return (
        path.startswith("tests/")
        or is_placeholder(value)
        or "insecure" in value
        or value == ""  # an empty default
    )


def findings_in(text: str, path: str) -> list[str]:
    """'path:line: what' for everything in text that looks like a secret."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{number}"
        found += [f"{where}: {name}" for name, pattern in PATTERNS.items() if pattern.search(line)]
        for match in URL_PASSWORD.finditer(line):
            if not password_allowed(match.group(1)):
                found.append(f"{where}: password in a URL")
        values = [m.group(1) for m in SECRET_KEY_QUOTED.finditer(line)]
        if not path.endswith(".py"):  # in Python an unquoted value is code, not a key
            values += [m.group(1) for m in SECRET_KEY_LINE.finditer(line)]
        if any(not secret_key_allowed(value, path) for value in values):
            found.append(f"{where}: hard-coded SECRET_KEY")
    return found


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in out.decode().split("\0") if name]


def test_no_tracked_file_holds_a_secret():
    files = tracked_files()
    assert "scripts/portal.py" in files  # the scan sees the repository
    found = [
        f"{name}: a file that holds secrets" for name in files if SECRET_FILE_NAMES.search(name)
    ]
    for name in files:
        path = ROOT / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary: fonts, images
        found += findings_in(data.decode("utf-8", errors="replace"), name)
    assert found == [], "move these to the environment:\n" + "\n".join(found)


# The samples are put together at run time, so that this file holds none of them.
@pytest.mark.parametrize(
    ("line", "path"),
    [
        ("-----BEGIN " + "RSA PRIVATE KEY-----", "deploy/key.txt"),
        ("-----BEGIN " + "OPENSSH PRIVATE KEY-----", "README.md"),
        ("aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE", "settings.ini"),
        ("AWS_SECRET_ACCESS_KEY=" + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", ".ci/run"),
        ("token: " + "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "ci.yml"),
        ("DATABASE_URL=postgres://ward:" + "s3cret@db:5432/ward", ".env.example"),
        ("EMAIL_URL=smtp+tls://a%40b.vn:" + "hunter2@smtp.b.vn:587", "README.md"),
        ("redis://:" + "s3cret@redis:6379/0", "docs.md"),
        ('SECRET_KEY = "' + 'k3y-from-the-laptop"', "ward_portal/settings.py"),
        ('os.environ.setdefault("SECRET_KEY", "' + 'prod-key-123")', "scripts/portal.py"),
        ("SECRET_KEY=" + "9f8e7d6c5b4a", ".env.example"),
    ],
)
def test_the_scan_finds_what_looks_like_a_secret(line, path):
    assert findings_in(line, path) != []


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ("DATABASE_URL=postgres://postgres@127.0.0.1:5432/ward_ci", ".ci/run"),
        ("DATABASE_URL=postgres://ward:<password>@db.example.internal:5432/ward", ".env.example"),
        ("SECRET_KEY=<a long random string>", ".env.example"),
        ('os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key")', "scripts/portal.py"),
        ('settings.SECRET_KEY = "k3y"', "tests/test_x.py"),
        ("Demo logins, password 'demo-portal': http://admin:demo-portal@127.0.0.1/", "README.md"),
        ('SECRET_KEY = env.str("SECRET_KEY")', "ward_portal/settings.py"),
    ],
)
def test_the_scan_lets_documented_values_through(line, path):
    assert findings_in(line, path) == []
