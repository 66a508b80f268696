import os
import subprocess
import sys

from django.conf import settings

from ward_portal.celery import app


def test_settings_fail_loudly_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "ward_portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_set():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", "from ward_portal import settings; print(settings.DEBUG)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_celery_is_json_only_with_late_acks_and_time_limits():
    conf = app.conf
    assert conf.accept_content == ["json"]
    assert conf.task_serializer == "json"
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert conf.timezone == settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_database_connections_are_persistent_and_health_checked():
    db = settings.DATABASES["default"]
    # Django's PostgreSQL backend with a bound on calls a hung server never answers (faults).
    assert db["ENGINE"] == "ward_portal.db"
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["CONN_MAX_AGE"] > 0
