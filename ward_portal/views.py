import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.cache import never_cache

from .middleware import unavailable_response


def landing(request):
    """The public front page: what a citizen can do here, and the staff login."""
    return render(request, "portal/landing.html")


@login_required
def home(request):
    return redirect("dashboard")


@never_cache
def healthz(request):
    """Liveness for load balancers and the smoke test: the database must answer. While it
    does not (down, or hung past the connect and call timeouts: settings), 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """The 500 handler. A database that stops answering outside a view (a middleware saving
    the session, loading the user) is the 503 page too, not a server error."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return unavailable_response()
    return defaults.server_error(request)
