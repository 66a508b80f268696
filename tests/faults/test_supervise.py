"""`make run` (scripts/portal.py supervise): a worker or beat that dies is started again with
a message, and the portal goes on; one that keeps dying, or the web server exiting, stops it
all. Real child processes; the supervisor itself runs in a process of its own (it takes over
SIGINT and SIGTERM)."""

import json
import signal
import subprocess
import sys
import time

import pytest

from tests.faults.services import ROOT
from tests.helpers import wait_for

pytestmark = pytest.mark.faults


def child(counter, *, dies_on_runs: int, code: int = 3) -> list[str]:
    """A child that counts its starts in a file, exits with `code` on its first
    `dies_on_runs` runs, and runs on after that."""
    program = (
        "import pathlib, sys, time\n"
        f"counter = pathlib.Path({str(counter)!r})\n"
        "runs = len(counter.read_text()) if counter.exists() else 0\n"
        "counter.write_text('x' * (runs + 1))\n"
        f"if runs < {dies_on_runs}:\n"
        f"    sys.exit({code})\n"
        "time.sleep(600)\n"
    )
    return [sys.executable, "-c", program]


def supervisor(commands: dict, log) -> subprocess.Popen:
    program = (
        "import json, sys\n"
        "sys.path.insert(0, 'scripts')\n"
        "import portal\n"
        "sys.exit(portal.supervise(json.loads(sys.argv[1]), '0'))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", program, json.dumps(commands)],
        cwd=ROOT, stdout=open(log, "w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def runs(counter) -> int:
    return len(counter.read_text()) if counter.exists() else 0


def test_a_dead_worker_and_beat_are_restarted_and_the_portal_goes_on(tmp_path):
    files = {name: tmp_path / name for name in ["web", "worker", "beat"]}
    commands = {
        "web": child(files["web"], dies_on_runs=0),
        "worker": child(files["worker"], dies_on_runs=1),  # killed once
        "beat": child(files["beat"], dies_on_runs=2, code=1),  # twice
    }
    log = tmp_path / "supervise.log"
    process = supervisor(commands, log)
    try:
        wait_for(lambda: runs(files["worker"]) == 2 and runs(files["beat"]) == 3, 30,
                 lambda: log.read_text())  # fmt: skip
        time.sleep(1)
        assert process.poll() is None, log.read_text()  # still running
        assert runs(files["web"]) == 1  # the web server was never touched
        text = log.read_text()
        assert text.count("worker exited with code 3; restarting it") == 1
        assert text.count("beat exited with code 1; restarting it") == 2
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    assert "stopping web, worker and beat" in log.read_text()


def test_a_worker_that_keeps_dying_stops_the_portal(tmp_path):
    commands = {
        "web": child(tmp_path / "web", dies_on_runs=0),
        "worker": child(tmp_path / "worker", dies_on_runs=100),
    }
    log = tmp_path / "supervise.log"
    process = supervisor(commands, log)
    try:
        assert process.wait(60) == 3
    finally:
        if process.poll() is None:
            process.kill()
    assert log.read_text().count("restarting it") == 5
    assert "worker exited with code 3; stopping the others" in log.read_text()
    assert runs(tmp_path / "worker") == 6


def test_the_web_server_exiting_stops_the_portal(tmp_path):
    commands = {
        "web": child(tmp_path / "web", dies_on_runs=1, code=2),
        "worker": child(tmp_path / "worker", dies_on_runs=0),
    }
    log = tmp_path / "supervise.log"
    process = supervisor(commands, log)
    assert process.wait(30) == 2
    assert "web exited with code 2; stopping the others" in log.read_text()
