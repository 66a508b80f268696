"""Every task ends (or is killed) before Redis would hand its unacknowledged message to a
second worker: the time limit of each registered task, and the longest wait of a retry held
by a worker (an ETA message is unacknowledged until it runs), are below the broker's
visibility timeout. Otherwise a long task would run twice at once."""

import pytest
from django.conf import settings

from reports import tasks as report_tasks
from ward_portal.celery import app

pytestmark = pytest.mark.faults


def registered_tasks():
    app.loader.import_default_modules()
    return sorted(app.tasks.items())


def longest_retry_delay(task) -> float:
    """The longest countdown a retry of this task may wait, held by a worker."""
    delays = [task.default_retry_delay or 0]
    if getattr(task, "retry_backoff", False):
        delays.append(getattr(task, "retry_backoff_max", 600))
    if task.name == "reports.generate":  # its own backoff: 30 s × 2^attempt (reports/tasks.py)
        delays.append(30 * 2 ** (report_tasks.MAX_RETRIES - 1))
    return max(delays)


def test_the_project_registers_its_tasks():
    names = {name for name, _task in registered_tasks()}
    assert {"reports.generate", "citizens.send_notification", "budget.import_apply"} <= names


@pytest.mark.parametrize(("name", "task"), registered_tasks())
def test_each_task_ends_before_the_visibility_timeout(name, task):
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == settings.CELERY_VISIBILITY_TIMEOUT
    hard = task.time_limit or app.conf.task_time_limit
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    assert hard, f"{name} has no time limit"
    assert soft < hard, f"{name}: the soft limit must warn before the hard one kills"
    assert hard < visibility, f"{name}: {hard} s may outlast the visibility timeout"
    assert longest_retry_delay(task) < visibility, f"{name}: a retry waits past it"
