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
