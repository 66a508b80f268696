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
