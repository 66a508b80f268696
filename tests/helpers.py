"""Helpers shared by every app's tests: one of each job (a logged-in client, counting queries,
a rolled-back block, reading a PDF or a table back)."""

import io
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader


def client_for(user) -> Client:
    """A test client logged in as user (no password, no login page)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def assert_not_found_for(client, url, method="get", **kwargs):
    """Another unit's object must be a 404 (never a 403: its existence is not revealed)."""
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


def count_queries(func):
    """Run func() and return (result, number of queries), for 'N rows cost the same' tests.
    (An exact count with a comment per query is pytest-django's django_assert_num_queries.)"""
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return result, len(ctx.captured_queries)


class _RolledBack(Exception):
    pass


@contextmanager
def rolled_back():
    """The block runs in a transaction that is then rolled back, as when a request fails after
    the work. Whatever the block itself raises still fails the test, so "nothing was queued"
    cannot pass because the work never ran."""
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


def pdf_text(pdf: bytes | Path) -> str:
    """The text of every page of a PDF (its bytes or its path), each run of white space folded
    to one space: line breaks fall wherever the layout puts them."""
    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def column(section, label: str) -> list:
    """A report section's column, named by its header: the value in each row (the total row
    left out). Tests never address a column by its position."""
    labels = [str(c.label) for c in section.columns]
    assert label in labels, f"no column {label!r} in {section.title!r}: {labels}"
    index = labels.index(label)
    return [row[index] for row in section.rows]


def records(rows, *, header: int) -> list[dict]:
    """A sheet or CSV read back (a list of rows), as one {column header: value} per row below
    the header; `header` is the header's row number as the spreadsheet shows it (from 1)."""
    names = rows[header - 1]
    return [dict(zip(names, row, strict=False)) for row in rows[header:]]


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


def table_rows(html: str, testid: str) -> list[dict[str, str]]:
    """The rows of the table marked (or inside the element marked) data-testid=testid, as
    {header text: cell text}, whitespace collapsed."""
    import lxml.html

    root = lxml.html.fromstring(html)
    (marked,) = root.xpath(f'//*[@data-testid="{testid}"]')
    table = marked if marked.tag == "table" else marked.xpath(".//table")[0]

    def text(cell) -> str:
        return " ".join(cell.text_content().split())

    headers = [text(th) for th in table.xpath(".//thead//th")]
    return [
        dict(zip(headers, map(text, tr.xpath("./td")), strict=False))
        for tr in table.xpath(".//tbody/tr")
    ]
