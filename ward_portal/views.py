from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .access import units_changeable_by, units_visible_to


def landing(request):
    """The public front page: what a citizen can do here, and the staff login."""
    return render(request, "portal/landing.html")


@login_required
def home(request):
    return redirect("dashboard")


@login_required
def dashboard(request):
    """Staff home. Lists the units this person may see; the dashboards fill this page in."""
    units = units_visible_to(request.user).select_related("parent")
    changeable = set(units_changeable_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "portal/dashboard.html",
        {"units": units, "changeable": changeable},
    )


@never_cache
def healthz(request):
    """Liveness for load balancers and the smoke test: the database must answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
