"""The page a person gets while the database is down (the faults themselves, with a real
server stopped and frozen, are in tests/faults/test_database.py: `make faults`)."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from ward_portal.middleware import DatabaseUnavailableMiddleware


def middleware():
    return DatabaseUnavailableMiddleware(lambda request: HttpResponse())


def test_a_database_error_is_a_plain_503_page_in_vietnamese():
    request = RequestFactory().get("/citizens/")
    with translation.override("vi"):
        response = middleware().process_exception(request, OperationalError("timeout expired"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "<title>Dịch vụ tạm thời gián đoạn</title>" in body


def test_a_lost_connection_is_one_too_and_other_errors_are_left_alone():
    request = RequestFactory().get("/")
    assert middleware().process_exception(request, InterfaceError("closed")).status_code == 503
    assert middleware().process_exception(request, ValueError("a bug")) is None


class _DatabaseGoneOnTheWayOut:
    """A middleware whose response step meets a database that stopped answering (as the
    session middleware saving a session would)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("server closed the connection unexpectedly")


class _BugOnTheWayOut(_DatabaseGoneOnTheWayOut):
    def __call__(self, request):
        self.get_response(request)
        raise ValueError("a bug")


def test_a_database_error_outside_the_view_is_the_503_page_and_a_bug_is_still_a_500(settings, db):
    from django.test import Client

    settings.DEBUG = False
    for middleware_class, status in [
        (_DatabaseGoneOnTheWayOut, 503),
        (_BugOnTheWayOut, 500),
    ]:
        name = f"{__name__}.{middleware_class.__name__}"
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, name]
        response = Client(raise_request_exception=False).get("/feedback/")
        assert response.status_code == status
        if status == 503:
            assert "Dịch vụ tạm thời gián đoạn" in response.content.decode()
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != name]
