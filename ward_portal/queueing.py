"""Work queued after commit.

Work that must not be lost is a database row first (a pending notification, an import batch
waiting for its check, a report to build); the Celery task that does it is published only once
that row has committed, so a worker never looks for a row that is not there yet, and a rolled
back request queues nothing. A broker that is down never reaches the citizen or the clerk: the
failure is logged and the row stays pending for the app's beat sweep, which publishes it again
through `enqueue_now`.

A broker that refuses or hangs costs a publish its socket timeout (settings: the broker
transport options). So that a request queuing a few tasks pays it once at most, a failure opens
a breaker (ward_portal/breaker.py): for a few seconds the publishing after commit is skipped
(the rows stay pending for the sweep). The sweeps always try (they run once a minute, in beat),
and a publish that succeeds closes the breaker.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from ward_portal.breaker import Breaker

logger = logging.getLogger(__name__)

# What publishing raises when the broker is down or unreachable: Celery re-raises the
# transport's connection errors as kombu's OperationalError; a bare socket error is an OSError.
BROKER_ERRORS = (OperationalError, OSError)
BREAKER = Breaker("the Celery broker (Redis)", getattr(settings, "REDIS_BREAKER_SECONDS", 10))


def enqueue_now(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Publish `task(*args, **kwargs)` now; True if the broker took it. A broker error is
    logged and swallowed (False): the caller's row stays pending for the sweep."""
    try:
        # retry=True uses CELERY_TASK_PUBLISH_RETRY_POLICY: one immediate retry, which fails in
        # milliseconds on a dead broker and reconnects a pooled connection Redis dropped.
        # retry=False would wait out kombu's default connection retries (about 6 s) whenever
        # the connection has not been made yet.
        task.apply_async(args=args, kwargs=kwargs, retry=True)
    except BROKER_ERRORS:
        BREAKER.trip()
        logger.warning(
            "could not queue %s(%s): broker unavailable, left pending for the sweep",
            task.name,
            _arguments(args, kwargs),
            exc_info=True,
        )
        return False
    BREAKER.reset()
    return True


def enqueue_soon(task: Task, *args: Any, **kwargs: Any) -> bool:
    """`enqueue_now` for a request: skipped at once (False) while the broker has just failed,
    so that the person does not wait for it again; the row stays pending for the sweep."""
    if BREAKER.is_open:
        logger.warning(
            "could not queue %s(%s): broker unavailable, left pending for the sweep",
            task.name,
            _arguments(args, kwargs),
        )
        return False
    return enqueue_now(task, *args, **kwargs)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Publish `task(*args, **kwargs)` once the current transaction commits (at once outside
    one); nothing if it rolls back. Never raises into the request: a broker error is logged by
    `enqueue_soon`, anything else by Django (a robust on_commit callback)."""
    transaction.on_commit(partial(enqueue_soon, task, *args, **kwargs), robust=True)


def _arguments(args: tuple, kwargs: dict) -> str:
    return ", ".join([*map(repr, args), *(f"{key}={value!r}" for key, value in kwargs.items())])
