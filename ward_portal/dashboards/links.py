"""Where each dashboard figure leads: the list behind it, filtered the same way.

The filter parameter names belong to the apps' list pages (budget/, citizens/, meetings/).
"""

from urllib.parse import urlencode

from django.urls import reverse


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def for_unit(unit, window) -> dict[str, str]:
    start, end = window.start.isoformat(), window.end.isoformat()
    return {
        "budget": _url("budget:index", unit=unit.pk, year=window.budget_year),
        "petitions_received": _url(
            "citizens:index", unit=unit.pk, received_after=start, received_before=end
        ),
        "petitions_open": _url("citizens:index", unit=unit.pk, open="1"),
        "petitions_overdue": _url("citizens:index", unit=unit.pk, overdue="1"),
        "petitions_resolved": _url(
            "citizens:index", unit=unit.pk, resolved_after=start, resolved_before=end
        ),
        "meetings": _url("meetings:index", unit=unit.pk, start_after=start, start_before=end),
        "tasks_open": _url("meetings:index", assignee_unit=unit.pk, status="open"),
        "tasks_overdue": _url("meetings:index", assignee_unit=unit.pk, overdue="1"),
    }
