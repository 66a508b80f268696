"""The entry point of the worker that the worker-crash test kills mid-report:
`python -m tests.support.slow_report_worker -A ward_portal worker ...` runs the project's own
Celery worker, except that each report build pauses once its files are rendered and before
they are written, a window in which to kill it. The pause lives here, never in the product."""

import os
import time

PAUSE = 30  # seconds: far longer than the test needs to see the report running and kill it


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ward_portal.settings")
    import django

    django.setup()
    from reports import rendering

    render_xlsx = rendering.render_xlsx

    def render_xlsx_then_pause(data):
        content = render_xlsx(data)  # the second of the two files a report build renders
        time.sleep(PAUSE)
        return content

    # The prefork pool's child is forked from this process and inherits the patch.
    rendering.render_xlsx = render_xlsx_then_pause

    from celery.__main__ import main as celery

    celery()


if __name__ == "__main__":
    main()
