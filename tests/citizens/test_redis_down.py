"""The real broker and cache go away while a citizen submits: the submission still succeeds,
and each notification is sent exactly once when Redis is back. Uses a private redis-server
(tests/support/services.py); the machine's Redis is never touched."""

import pytest
from django.core import mail

from citizens import services
from citizens.choices import NotificationState
from citizens.models import Notification, Petition
from tests.citizens.conftest import valid_form_data
from tests.support.services import PrivateRedis, celery_broker
from ward_portal.celery import app


@pytest.fixture
def own_redis(settings):
    """The cache and the broker of this process, on a private Redis the test stops and starts."""
    server = PrivateRedis().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    try:
        with celery_broker(server.broker_url):
            yield server
    finally:
        server.stop()


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
