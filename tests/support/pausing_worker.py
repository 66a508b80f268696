"""The entry point of the worker that tests/faults/test_worker_crash_tasks.py kills mid-task:
`python -m tests.support.pausing_worker -A ward_portal worker ...` runs the project's own Celery
worker, except that it pauses once, at the point named by WORKER_PAUSE_AT, after touching the
file WORKER_PAUSE_MARKER (so that the test knows it is there), a window in which to kill it:

- `before_mail`: an email about to be handed to the mail server (not sent yet);
- `after_mail`: an email the mail server has just taken (sent, not yet marked sent);
- `import_write`: an XLSX import's first chunk written inside its transaction, the rest not;
- `import_validate`: an XLSX import's check 500 rows in (its progress reported);
- `never`: no pause (a restarted worker), the mail still logged.

The pauses live here, never in the product."""

import os
import time
from pathlib import Path

PAUSE = 30  # seconds: far longer than the test needs to see the task there and kill it


def pause() -> None:
    Path(os.environ["WORKER_PAUSE_MARKER"]).touch()
    time.sleep(PAUSE)


def patch_mail(where: str) -> None:
    """The mail backend (EMAIL_URL=consolemail://) writes each message as a line
    "Message-ID recipient" to the file WORKER_MAIL_LOG: the messages sent, as a mail server
    would have taken them."""
    from django.core.mail.backends import console

    log = Path(os.environ["WORKER_MAIL_LOG"])

    def send_messages(self, messages):
        if where == "before_mail":
            pause()
        with log.open("a") as out:
            for message in messages:
                out.write(f"{message.extra_headers['Message-ID']} {message.to[0]}\n")
        if where == "after_mail":
            pause()
        return len(messages)

    console.EmailBackend.send_messages = send_messages


def patch_import(paused_phase: str) -> None:
    from budget import imports

    set_progress = imports.set_progress

    def set_progress_pausing(batch_id, phase, done, total):
        set_progress(batch_id, phase, done, total)
        if phase == paused_phase:
            pause()

    imports.set_progress = set_progress_pausing


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ward_portal.settings")
    import django

    django.setup()
    where = os.environ["WORKER_PAUSE_AT"]
    if where.startswith("import_"):
        patch_import(where.removeprefix("import_"))
    else:
        patch_mail(where)
    # The prefork pool's child is forked from this process and inherits the patch.
    from celery.__main__ import main as celery

    celery()


if __name__ == "__main__":
    main()
