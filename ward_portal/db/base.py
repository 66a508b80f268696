"""Django's PostgreSQL backend, with a bound on how long any call may wait for the server.

A PostgreSQL that is stopped refuses connections at once, and one that does not answer a new
connection is given up after `connect_timeout` (settings, DATABASES OPTIONS). But a server that
hangs (a frozen machine, SIGSTOP) while a connection is already open leaves libpq waiting on
the socket forever: `statement_timeout` is enforced by the server, which is not running, and
the kernel still acknowledges TCP keepalives. Here a watchdog thread shuts the socket of any
call that has waited longer than DATABASE_CALL_TIMEOUT (the statement timeout and a margin),
so the call fails with OperationalError, the request gets the 503 page
(ward_portal.middleware.DatabaseUnavailableMiddleware), and Django drops the connection; the
next request connects afresh, which works again as soon as the server does.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base


class _Watchdog:
    """One daemon thread per process; a call registers its socket and its deadline."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[int, tuple[float, int]] = {}  # call id → (deadline, socket fd)
        self.thread: threading.Thread | None = None
        self.ids = itertools.count()

    @contextmanager
    def watch(self, fd: int, limit: float) -> Iterator[None]:
        key = next(self.ids)
        with self.lock:
            self.calls[key] = (time.monotonic() + limit, fd)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="db-watchdog", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                self.calls.pop(key, None)

    def run(self) -> None:
        while True:
            time.sleep(0.2)
            now = time.monotonic()
            # Under the lock: a registered call has not returned, so its fd is still its socket.
            with self.lock:
                for key, (deadline, fd) in list(self.calls.items()):
                    if now >= deadline:
                        del self.calls[key]
                        _shut(fd)


def _shut(fd: int) -> None:
    """Shut the socket down (both ways) without closing libpq's descriptor: its wait returns
    and the call fails as if the server had gone."""
    try:
        with socket.socket(fileno=os.dup(fd)) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


WATCHDOG = _Watchdog()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._watched_execute)

    @property
    def call_timeout(self) -> float:
        return float(getattr(settings, "DATABASE_CALL_TIMEOUT", 0) or 0)

    @contextmanager
    def watched(self) -> Iterator[None]:
        raw = self.connection
        if raw is None or not self.call_timeout or raw.closed:
            yield
            return
        with WATCHDOG.watch(raw.fileno(), self.call_timeout):
            yield

    def _watched_execute(
        self, execute: Callable, sql: str, params: Any, many: bool, context: dict
    ) -> Any:
        with self.watched():
            return execute(sql, params, many, context)

    def is_usable(self) -> bool:
        # CONN_HEALTH_CHECKS runs this before reusing a connection: on a hung server it would
        # wait forever.
        with self.watched():
            return super().is_usable()

    def _commit(self) -> None:
        with self.watched():
            return super()._commit()

    def _rollback(self) -> None:
        with self.watched():
            return super()._rollback()
