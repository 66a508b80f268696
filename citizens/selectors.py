"""Reads of the petition domain: scoped querysets and the aggregate figures dashboards use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ward_portal.access import units_led_by, units_visible_to
from ward_portal.formatting import percent
from ward_portal.models import User
from ward_portal.text import fold

from .choices import DONE_STATUSES, OPEN_STATUSES, Conclusion, Kind, ReceptionKind, Status
from .models import Petition, PetitionEvent, Reception, ReceptionEntry


def overdue_q(day: date) -> Q:
    """Overdue is a query, not a flag: open and past its stored due date."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=day)


def with_overdue(queryset: QuerySet[Petition], day: date | None = None) -> QuerySet[Petition]:
    day = day or timezone.localdate()
    return queryset.annotate(
        is_overdue=ExpressionWrapper(
            Case(When(overdue_q(day), then=Value(True)), default=Value(False)),
            output_field=BooleanField(),
        )
    )


def petitions_visible_to(user: User) -> QuerySet[Petition]:
    return with_overdue(
        Petition.objects.filter(unit__in=units_visible_to(user)).select_related(
            "unit", "topic", "handler"
        )
    )


def search(queryset: QuerySet[Petition], text: str) -> QuerySet[Petition]:
    """Diacritic- and case-insensitive: every folded word must occur in the folded text."""
    for word in fold(text).split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def may_see_personal_data(user: User, petition: Petition, led_unit_ids: set[int]) -> bool:
    """Handler and the ward's leaders; for a denunciation, only the handler and the leader
    who assigned it (before assignment: the ward's leaders, who must decide it)."""
    if not user.is_authenticated:
        return False
    if petition.handler_id == user.pk:
        return True
    if petition.kind == Kind.DENUNCIATION:
        if petition.assigned_by_id:
            return petition.assigned_by_id == user.pk
        return petition.unit_id in led_unit_ids
    return petition.unit_id in led_unit_ids


def led_unit_ids(user: User) -> set[int]:
    return set(units_led_by(user).values_list("pk", flat=True))


def public_events(petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.filter(public=True).order_by("at", "pk")


def similar_petitions(petition: Petition, *, limit: int = 5) -> list[Petition]:
    """Suggested duplicates: same ward, last 60 days, sharing most significant words."""
    words = [w for w in fold(f"{petition.title} {petition.content}").split() if len(w) >= 4]
    words = list(dict.fromkeys(words))[:12]
    if not words:
        return []
    since = petition.received_on - timedelta(days=60)
    score = sum(
        (Case(When(search_text__contains=w, then=Value(1)), default=Value(0)) for w in words),
        Value(0),
    )
    candidates = (
        Petition.objects.filter(unit_id=petition.unit_id, received_on__gte=since)
        .exclude(pk=petition.pk)
        .exclude(duplicate_of__isnull=False)
        .annotate(score=score)
        .filter(score__gte=max(2, len(words) // 2))
        .order_by("-score", "-received_at")
    )
    return list(candidates[:limit])


def receptions_visible_to(user: User) -> QuerySet[Reception]:
    return Reception.objects.filter(unit__in=units_visible_to(user)).select_related(
        "unit", "receiver"
    )


# --- the contract with dashboards and reports -----------------------------------------------


@dataclass(frozen=True)
class PetitionFigures:
    received: int = 0
    in_progress: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    overdue_now: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.resolved_on_time, self.resolved)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.rated)


def _count(q: Q) -> Count:
    return Count("pk", filter=q)


def petition_figures_by_unit(
    *, unit_ids: Iterable[int], start: date, end: date, today: date
) -> dict[int, PetitionFigures]:
    """One query. received/resolved/resolved_on_time/rated/satisfied: in [start, end] (a
    rating counts with the resolution it rates); in_progress/overdue_now: as of `today`.
    Merged duplicates and withdrawn petitions count as received only."""
    ids = list(unit_ids)
    received = Q(received_on__gte=start, received_on__lte=end)
    resolved = Q(resolved_on__gte=start, resolved_on__lte=end, resolved_on__isnull=False)
    rows = (
        Petition.objects.filter(unit_id__in=ids)
        .values("unit_id")
        .annotate(
            received=_count(received),
            in_progress=_count(Q(status__in=OPEN_STATUSES, received_on__lte=today)),
            resolved=_count(resolved),
            resolved_on_time=_count(resolved & Q(resolved_on_time=True)),
            overdue_now=_count(overdue_q(today) & Q(received_on__lte=today)),
            rated=_count(resolved & Q(satisfied__isnull=False)),
            satisfied=_count(resolved & Q(satisfied=True)),
        )
        .order_by()
    )
    figures = {pk: PetitionFigures() for pk in ids}
    for row in rows:
        unit_id = row.pop("unit_id")
        figures[unit_id] = PetitionFigures(**row)
    return figures


def petitions_by_topic_and_status(*, unit_id: int, start: date, end: date) -> list[dict]:
    """Rows {"topic", "status", "status_label", "count"} of petitions received in [start, end]."""
    labels = dict(Status.choices)
    rows = (
        Petition.objects.filter(unit_id=unit_id, received_on__gte=start, received_on__lte=end)
        .values("topic__name", "topic__order", "status")
        .annotate(count=Count("pk"))
        .order_by("topic__order", "topic__name", "status")
    )
    return [
        {
            "topic": row["topic__name"],
            "status": row["status"],
            "status_label": str(labels.get(row["status"], row["status"])),
            "count": row["count"],
        }
        for row in rows
    ]


TCD_KEYS = [
    "sessions",
    "regular_sessions",
    "periodic_sessions",
    "ad_hoc_sessions",
    "people",
    "cases",
    "first_time_cases",
    "group_cases",
    "group_people",
]
XLD_KEYS = [
    "received",
    "eligible",
    "ineligible",
    "feedback",
    "complaint",
    "denunciation",
    "anonymous",
    "forwarded",
    "within_authority",
    "split",
    "in_person",
]
RESOLUTION_KEYS = [
    "received",
    "accepted",
    "resolved",
    "right",
    "partly_right",
    "wrong",
    "on_time",
    "withdrawn",
]


def report_form_figures(
    *, unit_ids: Iterable[int], start: date, end: date
) -> dict[str, dict[int, dict[str, int]]]:
    """The TT 02/2021 forms, per unit: three queries whatever the number of units and rows."""
    ids = list(unit_ids)
    result: dict[str, dict[int, dict[str, int]]] = {
        "01/TCD": {pk: dict.fromkeys(TCD_KEYS, 0) for pk in ids},
        "02/XLD": {pk: dict.fromkeys(XLD_KEYS, 0) for pk in ids},
        "03/GQKN": {pk: dict.fromkeys(RESOLUTION_KEYS, 0) for pk in ids},
        "04/GQTC": {pk: dict.fromkeys(RESOLUTION_KEYS, 0) for pk in ids},
    }
    _add_reception_figures(result["01/TCD"], ids=ids, start=start, end=end)  # 1, 2
    rows = (  # 3
        Petition.objects.filter(unit_id__in=ids)
        .values("unit_id")
        .annotate(**_petition_form_counts(start=start, end=end))
        .order_by()
    )
    forms = {"xld": "02/XLD", "kn": "03/GQKN", "tc": "04/GQTC"}
    for row in rows:
        unit_id = row.pop("unit_id")
        for key, value in row.items():
            prefix, name = key.split("_", 1)
            result[forms[prefix]][unit_id][name] = value
    return result


def _add_reception_figures(
    tcd: dict[int, dict[str, int]], *, ids: list[int], start: date, end: date
) -> None:
    """Form 01/TCD: the reception sessions, then the people and cases received. Two queries."""
    sessions = (
        Reception.objects.filter(unit_id__in=ids, date__gte=start, date__lte=end)
        .values("unit_id")
        .annotate(
            sessions=Count("pk"),
            regular_sessions=_count(Q(kind=ReceptionKind.REGULAR)),
            periodic_sessions=_count(Q(kind=ReceptionKind.PERIODIC)),
            ad_hoc_sessions=_count(Q(kind=ReceptionKind.AD_HOC)),
        )
        .order_by()
    )
    for row in sessions:
        tcd[row.pop("unit_id")].update(row)
    in_period = Q(reception__date__gte=start, reception__date__lte=end)
    entries = (
        ReceptionEntry.objects.filter(in_period, reception__unit_id__in=ids)
        .values("reception__unit_id")
        .annotate(
            people=Coalesce(Sum("group_size"), 0),
            cases=Count("pk"),
            first_time_cases=_count(Q(first_time=True)),
            group_cases=_count(Q(group_size__gte=5)),
            group_people=Coalesce(Sum("group_size", filter=Q(group_size__gte=5)), 0),
        )
        .order_by()
    )
    for row in entries:
        tcd[row.pop("reception__unit_id")].update(row)


def _petition_form_counts(*, start: date, end: date) -> dict:
    """Forms 02/XLD (prefix xld), 03/GQKN (kn) and 04/GQTC (tc) as one annotation each."""
    received = Q(received_on__gte=start, received_on__lte=end)
    resolved = Q(resolved_on__gte=start, resolved_on__lte=end, resolved_on__isnull=False)
    accepted_statuses = [Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, *DONE_STATUSES]
    annotations = {
        "xld_received": _count(received),
        "xld_eligible": _count(received & ~Q(status=Status.INELIGIBLE)),
        "xld_ineligible": _count(received & Q(status=Status.INELIGIBLE)),
        "xld_feedback": _count(received & Q(kind=Kind.FEEDBACK)),
        "xld_complaint": _count(received & Q(kind=Kind.COMPLAINT)),
        "xld_denunciation": _count(received & Q(kind=Kind.DENUNCIATION)),
        "xld_anonymous": _count(received & Q(anonymous=True)),
        "xld_forwarded": _count(received & Q(status=Status.FORWARDED)),
        "xld_within_authority": _count(received & Q(status__in=accepted_statuses, forwarded_to="")),
        "xld_split": _count(received & Q(status=Status.SPLIT)),
        "xld_in_person": _count(received & Q(channel="in_person")),
    }
    for prefix, kind in (("kn", Kind.COMPLAINT), ("tc", Kind.DENUNCIATION)):
        of_kind = Q(kind=kind)
        annotations |= {
            f"{prefix}_received": _count(of_kind & received),
            f"{prefix}_accepted": _count(
                of_kind & received & Q(status__in=accepted_statuses, forwarded_to="")
            ),
            f"{prefix}_resolved": _count(of_kind & resolved),
            f"{prefix}_right": _count(of_kind & resolved & Q(conclusion=Conclusion.RIGHT)),
            f"{prefix}_partly_right": _count(
                of_kind & resolved & Q(conclusion=Conclusion.PARTLY_RIGHT)
            ),
            f"{prefix}_wrong": _count(of_kind & resolved & Q(conclusion=Conclusion.WRONG)),
            f"{prefix}_on_time": _count(of_kind & resolved & Q(resolved_on_time=True)),
            f"{prefix}_withdrawn": _count(of_kind & received & Q(status=Status.WITHDRAWN)),
        }
    return annotations
