"""PostgreSQL frozen (SIGSTOP: a hung machine) or stopped, under the portal served by
gunicorn: every request is answered within a few seconds, with a plain 503 page and /healthz
503, and the portal is back by itself once the database is."""

import pytest

from tests.faults.services import Gunicorn, fetch

pytestmark = pytest.mark.faults

NOTICE = "Dịch vụ tạm thời gián đoạn"
# Small timeouts so that the test is quick; production's are in settings (a few seconds more).
CONNECT = {"DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_PROBE_AFTER": "1"}
# A frozen server is found out two ways: a call still waiting after DATABASE_PROBE_AFTER when
# the server does not answer a new connection either; any call past DATABASE_CALL_TIMEOUT.
PROBE = {"DATABASE_STATEMENT_TIMEOUT": "30", "DATABASE_CALL_TIMEOUT": "35"}
CALL_TIMEOUT = {
    "DATABASE_STATEMENT_TIMEOUT": "2",
    "DATABASE_CALL_TIMEOUT": "3",
    "DATABASE_PROBE_AFTER": "0",
}


@pytest.fixture(params=[PROBE, CALL_TIMEOUT], ids=["probe", "call-timeout"])
def portal(request, private_postgres, tmp_path):
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        DATABASE_URL=private_postgres.url,
        DEBUG="0",
        **(CONNECT | request.param),
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def warm_up(portal):
    # Every thread of the worker holds an open connection (CONN_MAX_AGE) when the fault comes.
    for _ in range(8):
        assert fetch(f"{portal.url}/healthz")[0] == 200
        assert fetch(f"{portal.url}/feedback/")[0] == 200


def test_frozen_database_gives_503_within_seconds_and_recovers(private_postgres, portal):
    warm_up(portal)
    private_postgres.freeze()
    try:
        for _ in range(3):
            status, body, seconds = fetch(f"{portal.url}/healthz")
            assert (status, seconds < 8) == (503, True), (status, seconds, body)
            status, body, seconds = fetch(f"{portal.url}/feedback/")
            assert (status, seconds < 8) == (503, True), (status, seconds, body)
            assert NOTICE in body
    finally:
        private_postgres.thaw()
    # Back by itself: no restart of the portal.
    assert fetch(f"{portal.url}/healthz")[0] == 200
    status, body, _ = fetch(f"{portal.url}/feedback/")
    assert status == 200 and NOTICE not in body


def test_stopped_database_gives_503_at_once_and_recovers(private_postgres, portal):
    warm_up(portal)
    private_postgres.stop()
    try:
        status, body, seconds = fetch(f"{portal.url}/feedback/")
        assert (status, seconds < 3) == (503, True), (status, seconds, body)
        assert NOTICE in body
        status, body, seconds = fetch(f"{portal.url}/healthz")
        assert (status, seconds < 3) == (503, True), (status, seconds, body)
    finally:
        private_postgres.start()
    assert fetch(f"{portal.url}/healthz")[0] == 200
    assert fetch(f"{portal.url}/feedback/")[0] == 200


@pytest.mark.django_db
def test_a_slow_query_on_a_server_that_answers_is_not_cut(settings):
    # The probe finds the server answering new connections: the query goes on to its end.
    from django.db import connection

    settings.DATABASE_PROBE_AFTER = 0.5
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2), 7")
        assert cursor.fetchone()[1] == 7
