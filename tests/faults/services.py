"""Throwaway servers for the fault tests (`make faults`): a PostgreSQL of our own that a test may
freeze (SIGSTOP) or stop, and the portal served by gunicorn on it. The machine's shared
PostgreSQL and Redis are never stopped or frozen: other people use them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pgserver
import psutil

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"


def fetch(url: str, timeout: float = 30, data: bytes | None = None) -> tuple[int, str, float]:
    """(status, body, seconds taken) of a GET, or a POST when data is given."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, data=data, timeout=timeout) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body.decode(), time.monotonic() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged_user(directory: Path) -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as pgserver's own system user (the
    one `make run`'s embedded PostgreSQL uses), owning the directory."""
    if os.geteuid() != 0:
        return None
    import pwd
    import stat

    from pgserver.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    user = "pgserver"
    ensure_user_exists(user)
    ensure_prefix_permissions(directory)
    ensure_prefix_permissions(PG_BIN)
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(PG_BIN, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(PG_BIN.parent / "lib", readable)
    entry = pwd.getpwnam(user)
    os.chown(directory, entry.pw_uid, entry.pw_gid)
    return user


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, on a Unix socket only. freeze() stops
    every one of its processes (the postmaster and each connection's backend: a hung machine),
    thaw() lets them go on; stop() and start() restart it."""

    def __init__(self, database: str = "ward") -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ward-pg-"))
        self.data = self.dir / "data"
        self.database = database
        self.process: subprocess.Popen | None = None
        self.user = _unprivileged_user(self.dir)
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, stdout=subprocess.DEVNULL, user=self.user,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@/{self.database}?host={self.dir}"

    def start(self) -> PrivatePostgres:
        self.process = subprocess.Popen(
            [str(PG_BIN / "postgres"), "-D", str(self.data), "-k", str(self.dir),
             "-c", "listen_addresses=", "-c", "fsync=off", "-c", "max_connections=60"],
            stdout=open(self.dir / "postgres.log", "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
            start_new_session=True,
            user=self.user,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", str(self.dir), "-U", "postgres"],
                stdout=subprocess.DEVNULL,
            )
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"private postgres did not start:\n{self.log()}")

    def create_database(self) -> None:
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", str(self.dir), "-U", "postgres", self.database],
            check=True,
        )

    def log(self) -> str:
        return (self.dir / "postgres.log").read_text()[-3000:]

    def _processes(self) -> list[psutil.Process]:
        # Each backend is a session of its own (PostgreSQL calls setsid()): the postmaster's
        # children, not its process group.
        postmaster = psutil.Process(self.process.pid)
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        for process in self._processes():
            process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        for process in self._processes():
            process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.send_signal(signal.SIGINT)  # fast shutdown: connections are cut
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def manage(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


class Gunicorn:
    """The portal served by gunicorn (as in production: a worker process with threads, each
    keeping its database connection between requests)."""

    def __init__(self, log: Path, *, workers: int = 1, threads: int = 4, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ward_portal.wsgi", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", str(threads),
             "--worker-class", "gthread", "--timeout", "120"],
            cwd=ROOT, env={**os.environ, **env}, stdout=open(log, "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if fetch(f"{self.url}/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def freeze_process(process: subprocess.Popen) -> None:
    """SIGSTOP: the server still accepts connections (the kernel does) and never answers."""
    process.send_signal(signal.SIGSTOP)


def thaw_process(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGCONT)


class Blackhole:
    """A TCP server that accepts connections and never answers (a Redis behind a network
    that lost its way, or a wrong service on the port)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)  # held open, never read, never answered

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()
