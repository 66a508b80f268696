"""Where each dashboard figure leads: the list behind it, filtered the way the figure counts.

The parameter names belong to the apps' list pages: /budget/units/<id>/, /citizens/ and
/meetings/ (meetings) and /meetings/tasks/ (directives).
"""

from urllib.parse import urlencode

from django.urls import reverse


def _url(path: str, params: list[tuple[str, object]]) -> str:
    return f"{path}?{urlencode([(k, v) for k, v in params if v is not None])}"


def _budget_period(window) -> str:
    end = window.budget_end
    if (end.month, end.day) == (12, 31):
        return "year"
    return f"m{end.month}"


def for_unit(unit, window) -> dict[str, str]:
    """The open and overdue lists show the cases as they stood on the window's standing day
    (its end, or today while it runs), with the same definitions as the figures."""
    start, end = window.start.isoformat(), window.end.isoformat()
    as_of = window.as_of.isoformat()
    citizens = reverse("citizens:index")
    tasks = reverse("meetings:tasks")
    unit_param = [("unit", unit.pk)]
    return {
        # The overview's cumulative column runs from 1 January to the end of the period,
        # as the dashboard's budget figures do.
        "budget": _url(
            reverse("budget:unit", args=[unit.pk]),
            [("year", window.budget_year), ("period", _budget_period(window))],
        ),
        "petitions_received": _url(
            citizens, [*unit_param, ("received_after", start), ("received_before", end)]
        ),
        "petitions_open": _url(citizens, [*unit_param, ("open_on", as_of)]),
        "petitions_overdue": _url(citizens, [*unit_param, ("overdue_on", as_of)]),
        "petitions_resolved": _url(
            citizens, [*unit_param, ("resolved_after", start), ("resolved_before", end)]
        ),
        "meetings": _url(reverse("meetings:index"), [*unit_param, ("start", start), ("end", end)]),
        "tasks_open": _url(tasks, [("assignee", unit.pk), ("open_on", as_of)]),
        "tasks_overdue": _url(tasks, [("assignee", unit.pk), ("overdue_on", as_of)]),
    }
