"""Django's PostgreSQL backend, with a bound on how long any call may wait for the server.

A PostgreSQL that is stopped refuses connections at once, and one that does not answer a new
connection is given up after `connect_timeout` (settings, DATABASES OPTIONS). But a server that
hangs (a frozen machine, SIGSTOP) while a connection is already open leaves libpq waiting on
the socket forever: `statement_timeout` is enforced by the server, which is not running, and
the kernel still acknowledges TCP keepalives. So a watchdog thread looks at every call:

- one that has waited DATABASE_PROBE_AFTER seconds makes it try a new connection to the
  server: if that is not answered within `connect_timeout` either, the server hangs, and the
  call's socket is shut; if it is, the call is a slow query and goes on;
- one that has waited DATABASE_CALL_TIMEOUT (the statement timeout and a margin) is shut.

A shut socket fails the call with OperationalError, the request gets the 503 page
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
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base


@dataclass
class _Call:
    started: float
    deadline: float
    fd: int
    server_answers: Callable[[], bool]


class _Watchdog:
    """One daemon thread per process; a call registers its socket and its deadline."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[int, _Call] = {}
        self.thread: threading.Thread | None = None
        self.ids = itertools.count()

    @contextmanager
    def watch(self, fd: int, limit: float, server_answers: Callable[[], bool]) -> Iterator[None]:
        key = next(self.ids)
        now = time.monotonic()
        with self.lock:
            self.calls[key] = _Call(now, now + limit, fd, server_answers)
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
            probe_after = float(getattr(settings, "DATABASE_PROBE_AFTER", 0) or 0)
            with self.lock:
                expired = [key for key, call in self.calls.items() if now >= call.deadline]
                waiting = {
                    key: call
                    for key, call in self.calls.items()
                    if probe_after and now - call.started >= probe_after
                }
            # Outside the lock (it may take connect_timeout): is the server there at all?
            if waiting and not next(iter(waiting.values())).server_answers():
                expired += list(waiting)
            self.shut(expired)

    def shut(self, keys: list[int]) -> None:
        # Under the lock: a call still registered has not returned, so its fd is its socket.
        with self.lock:
            for key in keys:
                call = self.calls.pop(key, None)
                if call is not None:
                    _shut(call.fd)


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

    @contextmanager
    def watched(self) -> Iterator[None]:
        raw = self.connection
        limit = float(getattr(settings, "DATABASE_CALL_TIMEOUT", 0) or 0)
        probe = float(getattr(settings, "DATABASE_PROBE_AFTER", 0) or 0)
        if raw is None or raw.closed or not (limit or probe):
            yield
            return
        with WATCHDOG.watch(raw.fileno(), limit or float("inf"), self.server_answers):
            yield

    def server_answers(self) -> bool:
        """False if the server hangs: a new connection is not answered within
        connect_timeout. An error it answers with (too many clients, say) means it runs."""
        timeout = float(self.settings_dict["OPTIONS"].get("connect_timeout") or 0)
        if not timeout:
            return True  # without a timeout the probe itself could hang: no opinion
        started = time.monotonic()
        try:
            self.Database.connect(**self.get_connection_params()).close()
        except self.Database.Error:
            return time.monotonic() - started < timeout * 0.9
        return True

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
