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
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ward_portal.access import units_led_by, units_visible_to
from ward_portal.formatting import percent
from ward_portal.models import UnitLevel, User
from ward_portal.periods import after, day_start, standing_day
from ward_portal.text import fold

from .choices import (
    OPEN_STATUSES,
    Conclusion,
    EventAction,
    Kind,
    ReceptionKind,
    Status,
)
from .models import Petition, PetitionEvent, Reception, ReceptionEntry


def overdue_q(day: date) -> Q:
    """Overdue now is a query, not a flag: open and past its stored due date. (For a day in
    the past, the case's history decides: `overdue_on_q`.)"""
    return Q(status__in=OPEN_STATUSES, due_date__lt=day)


# --- a case as it stood on a given day, from its history ------------------------------------
#
# Every event records the status and the due date in force after it (a classification, an
# extension or a reopening moves the due date; the event keeps the new one), so the last event
# before the end of a day says where the case stood then. The services write an event with
# every change of status, so a case's current status is its last event's.


def _events_between(action: str, start: date | None, end: date | None) -> QuerySet[PetitionEvent]:
    """Events of `action` made in [start, end] (either bound may be open)."""
    bounds = {}
    if start is not None:
        bounds["at__gte"] = day_start(start)
    if end is not None:
        bounds["at__lt"] = after(end)
    return PetitionEvent.objects.filter(action=action, **bounds)


def _last(events: QuerySet[PetitionEvent]) -> QuerySet[PetitionEvent]:
    """The case's own latest of `events` (correlated with the outer petition)."""
    return events.filter(petition_id=OuterRef("pk")).order_by("-at", "-pk")


def as_it_stood(queryset: QuerySet[Petition], day: date) -> QuerySet[Petition]:
    """Adds `status_then` and `due_then`: the status and the due date in force at the end of
    `day` (None for a case not yet received). `open_on_q(day)` and `overdue_on_q(day)` read
    them."""
    latest = _last(PetitionEvent.objects.filter(at__lt=after(day)))
    return queryset.alias(
        status_then=Subquery(latest.values("status")[:1]),
        due_then=Subquery(latest.values("due_date")[:1]),
    )


def open_on_q(day: date) -> Q:
    """Received by `day` and still in our hands at its end: not yet resolved, closed,
    withdrawn, merged, forwarded or set aside. Only a case open now or changed since can have
    been open then: that test comes first (an index, once) and spares the history lookup for
    every case closed before the day and untouched since."""
    changed_since = PetitionEvent.objects.filter(at__gte=after(day)).values("petition_id")
    may_have_been = Q(status__in=OPEN_STATUSES) | Q(pk__in=changed_since)
    return Q(received_on__lte=day) & may_have_been & Q(status_then__in=OPEN_STATUSES)


def overdue_on_q(day: date) -> Q:
    """Open at the end of `day`, past the due date in force then (an extension granted later
    does not count: the day's own due date does)."""
    return open_on_q(day) & Q(due_then__lt=day)


def _latest_of_each(events: QuerySet[PetitionEvent]) -> QuerySet[PetitionEvent]:
    """Each case's latest of `events` (a case resolved or rated twice counts by the last)."""
    later = events.filter(petition_id=OuterRef("petition_id"), at__gt=OuterRef("at"))
    return events.exclude(Exists(later))


def resolved_between_q(start: date | None, end: date | None) -> Q:
    """Resolved (answered) in [start, end], by its history: a resolution stays in the period
    it was made in even if the case is reopened later."""
    resolutions = _events_between(EventAction.RESOLVED, start, end)
    return Q(pk__in=resolutions.values("petition_id"))


def resolved_on_time_between_q(start: date, end: date) -> Q:
    """Resolved in [start, end], the last time by the due date in force when it was made."""
    met = Q(due_date__isnull=True) | Q(at__date__lte=F("due_date"))
    resolutions = _latest_of_each(_events_between(EventAction.RESOLVED, start, end))
    return Q(pk__in=resolutions.filter(met).values("petition_id"))


def _ratings_between(start: date, end: date) -> QuerySet[PetitionEvent]:
    return _events_between(EventAction.RATED, start, end).filter(satisfied__isnull=False)


def rated_between_q(start: date, end: date) -> Q:
    """A rating given in [start, end], whichever period the resolution it rates was in."""
    return Q(pk__in=_ratings_between(start, end).values("petition_id"))


def satisfied_between_q(start: date, end: date) -> Q:
    """Rated in [start, end], the last time as satisfied."""
    ratings = _latest_of_each(_ratings_between(start, end))
    return Q(pk__in=ratings.filter(satisfied=True).values("petition_id"))


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
    """A unit's petitions over a period. `received`, `resolved` (on time or not) and the
    ratings are what happened in the period; `open_at_end` and `overdue_at_end` are where the
    cases stood at its end (or today, while it runs)."""

    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
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
    """One query, from the cases' history, so a period's figures read the same whenever they
    are counted:
    - received: received in [start, end] (merged duplicates and withdrawn cases included);
    - resolved / resolved_on_time: resolutions made in [start, end], on time when made by the
      due date in force at that moment; a case resolved twice in the period counts once, by
      its last resolution;
    - rated / satisfied: ratings given in [start, end], whichever period the resolution was in;
    - open_at_end / overdue_at_end: as the cases stood at the end of the period's standing day
      (`standing_day`: the end, or `today` while the period runs)."""
    ids = list(unit_ids)
    day = standing_day(end, today)
    received = Q(received_on__gte=start, received_on__lte=end)
    rows = (
        as_it_stood(Petition.objects.filter(unit_id__in=ids, received_on__lte=end), day)
        .values("unit_id")
        .annotate(
            received=_count(received),
            resolved=_count(resolved_between_q(start, end)),
            resolved_on_time=_count(resolved_on_time_between_q(start, end)),
            open_at_end=_count(open_on_q(day)),
            overdue_at_end=_count(overdue_on_q(day)),
            rated=_count(rated_between_q(start, end)),
            satisfied=_count(satisfied_between_q(start, end)),
        )
        .order_by()
    )
    figures = {pk: PetitionFigures() for pk in ids}
    for row in rows:
        unit_id = row.pop("unit_id")
        figures[unit_id] = PetitionFigures(**row)
    return figures


def petitions_by_topic_and_status(*, unit_id: int, start: date, end: date) -> list[dict]:
    """Rows {"topic", "status", "status_label", "count"} of petitions received in [start, end],
    by their status at the end of `end` (their history, so a past period reads the same)."""
    labels = dict(Status.choices)
    rows = (
        as_it_stood(
            Petition.objects.filter(unit_id=unit_id, received_on__gte=start, received_on__lte=end),
            end,
        )
        .annotate(status_at_end=F("status_then"))
        .values("topic__name", "topic__order", "status_at_end")
        .annotate(count=Count("pk"))
        .order_by("topic__order", "topic__name", "status_at_end")
    )
    return [
        {
            "topic": row["topic__name"],
            "status": row["status_at_end"],
            "status_label": str(labels.get(row["status_at_end"], row["status_at_end"])),
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
        Petition.objects.filter(unit_id__in=ids, received_on__lte=end)
        .alias(**_form_history(start=start, end=end))
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


def _form_history(*, start: date, end: date) -> dict:
    """What the forms read from a case's history: its classification as decided by the end
    of the period ("" if not yet classified then) and whether it was withdrawn by then."""
    decision = _last(_events_between(EventAction.CLASSIFIED, None, end))
    return {
        "decision": Coalesce(Subquery(decision.values("status")[:1]), Value("")),
        "withdrawn_by_end": Exists(_last(_events_between(EventAction.WITHDRAWN, None, end))),
    }


def _petition_form_counts(*, start: date, end: date) -> dict:
    """Forms 02/XLD (prefix xld), 03/GQKN (kn) and 04/GQTC (tc) as one annotation each, over
    the aliases of `_form_history`."""
    received = Q(received_on__gte=start, received_on__lte=end)
    resolved = resolved_between_q(start, end)
    on_time = resolved_on_time_between_q(start, end)
    accepted = Q(decision=Status.ACCEPTED)
    annotations = {
        "xld_received": _count(received),
        "xld_eligible": _count(received & ~Q(decision=Status.INELIGIBLE)),
        "xld_ineligible": _count(received & Q(decision=Status.INELIGIBLE)),
        "xld_feedback": _count(received & Q(kind=Kind.FEEDBACK)),
        "xld_complaint": _count(received & Q(kind=Kind.COMPLAINT)),
        "xld_denunciation": _count(received & Q(kind=Kind.DENUNCIATION)),
        "xld_anonymous": _count(received & Q(anonymous=True)),
        "xld_forwarded": _count(received & Q(decision=Status.FORWARDED)),
        "xld_within_authority": _count(received & accepted),
        "xld_split": _count(received & Q(decision=Status.SPLIT)),
        "xld_in_person": _count(received & Q(channel="in_person")),
    }
    for prefix, kind in (("kn", Kind.COMPLAINT), ("tc", Kind.DENUNCIATION)):
        of_kind = Q(kind=kind)
        annotations |= {
            f"{prefix}_received": _count(of_kind & received),
            f"{prefix}_accepted": _count(of_kind & received & accepted),
            f"{prefix}_resolved": _count(of_kind & resolved),
            f"{prefix}_right": _count(of_kind & resolved & Q(conclusion=Conclusion.RIGHT)),
            f"{prefix}_partly_right": _count(
                of_kind & resolved & Q(conclusion=Conclusion.PARTLY_RIGHT)
            ),
            f"{prefix}_wrong": _count(of_kind & resolved & Q(conclusion=Conclusion.WRONG)),
            f"{prefix}_on_time": _count(of_kind & on_time),
            f"{prefix}_withdrawn": _count(of_kind & received & Q(withdrawn_by_end=True)),
        }
    return annotations


@dataclass(frozen=True)
class SecondInstance:
    """Where a complainant who disagrees with the ward's first-instance decision goes next, and
    by when (Luật Khiếu nại 2011, Điều 33): the chairman of the unit directly above the ward on
    the day of the decision. Before 01/7/2025 that was the district (Điều 18, confirmed); since
    the district level was abolished the research finds the province likely but unconfirmed
    (NĐ 141/2025 not read in full), and the portal says so."""

    body: str
    file_by: date
    confirmed: bool
    basis: str


SECOND_COMPLAINT_DAYS = 30  # from receiving the decision (45 in remote areas), Điều 33


def second_instance(petition: Petition) -> SecondInstance | None:
    """For a complaint decided by the ward: the second-instance body on the day of the
    decision and the last day to file. None for other kinds or undecided complaints."""
    if petition.kind != Kind.COMPLAINT or petition.resolved_on is None:
        return None
    upper = petition.unit.parent_on(petition.resolved_on)
    if upper is None:
        return None
    confirmed = upper.level == UnitLevel.DISTRICT
    return SecondInstance(
        body=_("Chủ tịch UBND %(unit)s") % {"unit": upper.name},
        file_by=petition.resolved_on + timedelta(days=SECOND_COMPLAINT_DAYS),
        confirmed=confirmed,
        basis=_("Luật Khiếu nại 2011, Điều 18 và 33")
        if confirmed
        else _(
            "Luật Khiếu nại 2011, Điều 33; cơ quan giải quyết lần hai từ 01/7/2025 theo "
            "NĐ 141/2025/NĐ-CP chưa được xác nhận"
        ),
    )
