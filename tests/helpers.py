"""Assertions shared by every app's tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_not_found_for(client, url, method="get", **kwargs):
    """Another unit's object must be a 404 (never a 403: its existence is not revealed)."""
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


def count_queries(func):
    """Run func() and return (result, number of queries), for 'N rows cost the same' tests."""
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return result, len(ctx.captured_queries)


def overflowing_boxes(document) -> list[tuple[int, str, float]]:
    """Boxes of a laid-out WeasyPrint document that stick out past the right edge of their
    page's content area: (page number, box type, by how many points)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        stack = list(page_box.children)
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", []))
            end = box.position_x + box.margin_width()
            if end > right + 0.5:
                found.append((number, type(box).__name__, round(end - right, 1)))
    return found


def wait_for(predicate, timeout: float, message) -> None:
    """Polls until predicate() is true; after timeout seconds fails with message (a string,
    or a function giving one, e.g. the tail of a worker's log)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(message() if callable(message) else message)


def queued(apply_async) -> list[tuple]:
    """The arguments of each task published through ward_portal.queueing, given the mock
    patched over the task's apply_async: [(attendee_id,), ...]."""
    return [tuple(call.kwargs["args"]) for call in apply_async.call_args_list]
