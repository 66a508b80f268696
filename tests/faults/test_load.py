"""50 citizens submit at the same moment, to gunicorn (as in production) and to the dev server
(`make run`): every petition is stored, no answer is a server error, and the portal holds no
more database connections than its web threads (gunicorn workers × threads, within the
server's max_connections). A private PostgreSQL and Redis; nothing shared is loaded."""

import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import psycopg2
import pytest

from tests.faults.services import ROOT, Gunicorn, free_port, manage
from tests.support.services import PrivateRedis
from ward_portal.management.commands.serve import SERVE_THREADS

pytestmark = pytest.mark.faults

CITIZENS = 50
WORKERS, THREADS = 2, 4
MAX_CONNECTIONS = 60  # the private server's (tests/faults/services.py)
WARD = "99001"

SETUP = f"""
from ward_portal.models import AdministrativeUnit, RoleAssignment, User
ward, _ = AdministrativeUnit.objects.get_or_create(
    code="{WARD}", defaults={{"name": "Phường Thử Tải", "abbreviation": "TT", "level": "commune"}}
)
clerk, _ = User.objects.get_or_create(username="load_clerk", defaults={{"email": "c@example.vn"}})
RoleAssignment.objects.get_or_create(user=clerk, unit=ward, role="clerk")
"""


@pytest.fixture
def services(private_postgres, tmp_path):
    redis = PrivateRedis().start()
    env = {
        "DATABASE_URL": private_postgres.url,
        "REDIS_URL": redis.url,
        "CELERY_BROKER_URL": redis.broker_url,
        "CITIZENS_RATE_PER_IP": "1000/h",  # 50 citizens behind one address: this machine
        "DEBUG": "0",
        "SECURE_COOKIES": "0",  # plain http here
    }
    manage("shell", "-c", SETUP, env=env)
    try:
        yield env
    finally:
        redis.stop()


def sql(private_postgres, query: str):
    db = psycopg2.connect(host=str(private_postgres.dir), user="postgres", dbname="ward")
    try:
        with db.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchone()[0]
    finally:
        db.close()


def form_and_cookies(url: str) -> tuple[dict, urllib.request.OpenerDirector]:
    """The form's hidden fields (CSRF token) and a client holding its cookie."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{url}/feedback/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    topic = re.search(r'name="topic"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1)
    return {"csrfmiddlewaretoken": token, "topic": topic}, opener


def submit_fifty(url: str, private_postgres) -> tuple[list[int], int]:
    """Statuses of CITIZENS submissions sent at once, and the most database connections the
    portal held meanwhile."""
    fields, opener = form_and_cookies(url)

    def post(n: int) -> int:
        data = {
            **fields, "kind": "feedback", "unit": WARD, "title": f"Đèn đường hỏng số {n}",
            "content": "Đèn đường trước nhà đã hỏng ba hôm, buổi tối rất tối.",
            "place": f"Số {n} đường Thử", "name": "Nguyễn Văn An", "phone": f"09031{n:05d}",
            "email": "", "address": "", "consent": "on", "website": "",
            "idempotency_key": str(uuid.uuid4()),
        }  # fmt: skip
        request = urllib.request.Request(  # noqa: S310
            f"{url}/feedback/", data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": f"{url}/feedback/"},
        )  # fmt: skip
        try:
            with opener.open(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    most = 0
    count_connections = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'ward' AND pid <> pg_backend_pid()"
    )
    with ThreadPoolExecutor(CITIZENS) as pool:
        futures = [pool.submit(post, n) for n in range(CITIZENS)]
        while not all(f.done() for f in futures):
            most = max(most, sql(private_postgres, count_connections))
            time.sleep(0.05)
    return [f.result() for f in futures], most


def stored(private_postgres) -> int:
    return sql(
        private_postgres,
        "SELECT count(*) FROM citizens_petition WHERE title LIKE 'Đèn đường hỏng số %'",
    )


def test_fifty_submissions_at_once_to_gunicorn(private_postgres, services, tmp_path):
    before = stored(private_postgres)
    server = Gunicorn(tmp_path / "gunicorn.log", workers=WORKERS, threads=THREADS, **services)
    try:
        server.wait_ready()
        statuses, most = submit_fifty(server.url, private_postgres)
    finally:
        server.stop()
    assert statuses == [200] * CITIZENS, (statuses, (tmp_path / "gunicorn.log").read_text()[-3000:])
    assert stored(private_postgres) - before == CITIZENS
    assert most <= WORKERS * THREADS < MAX_CONNECTIONS


def test_fifty_submissions_at_once_to_the_dev_server_of_make_run(
    private_postgres, services, tmp_path
):
    before = stored(private_postgres)
    port = free_port()
    log = tmp_path / "runserver.log"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env={**os.environ, **services},
        stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=5)  # noqa: S310
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.3)
        statuses, most = submit_fifty(url, private_postgres)
    finally:
        process.terminate()
        process.wait(20)
    assert statuses == [200] * CITIZENS, (statuses, log.read_text()[-3000:])
    assert stored(private_postgres) - before == CITIZENS
    # A few more may show for a moment: a backend exits just after its client closed.
    assert most <= SERVE_THREADS + 3 < CITIZENS
