"""The leadership dashboard benchmark (issue: "the same page works for Quận 1 with 10 wards and
for a city with 168 or 300 units"; figures "cost a fixed number of queries whatever the data").

    python manage.py bench_dashboard                       # 300 wards, 300,000 vouchers
    python manage.py bench_dashboard --units 168 --entries 1000000

Builds a synthetic city of N wards, each with a 2022 budget of 20 lines and its share of the
vouchers, in one transaction; then times the figures behind the leadership dashboard (every
ward's execution, petitions, directives and meetings) and counts their queries; then rolls
everything back. Use a scratch or development database.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budget.models import BudgetLine, Category, Entry, FiscalYear
from citizens.choices import Kind, Status
from citizens.models import Petition, PetitionEvent, Topic
from figures import Window, figures_for_units, ranked_by_on_time
from ward_portal.models import AdministrativeUnit, UnitLevel, User
from ward_portal.periods import Period, PeriodKind

time_of_day = clock(9)  # petitions arrive at 09:00


class Command(BaseCommand):
    help = "Times the leadership dashboard's figures for a city of many wards."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=300)
        parser.add_argument("--entries", type=int, default=300_000)
        parser.add_argument("--petitions", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, units: int, entries: int, petitions: int, runs: int, **options):
        clerk = User.objects.order_by("pk").first()
        categories = list(Category.objects.filter(children__isnull=True).order_by("code")[:20])
        if clerk is None or not categories:
            self.stderr.write("Load the demo data first (python manage.py seed_demo).")
            return
        with transaction.atomic():
            started = time.perf_counter()
            wards = self._city(units, entries, categories, clerk)
            self._petitions(wards, petitions)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE citizens_petition")
                cursor.execute("ANALYZE citizens_petitionevent")
                cursor.execute("ANALYZE budget_entry")
                cursor.execute("ANALYZE budget_budgetline")
                cursor.execute("ANALYZE budget_monthlyactual")
            self.stdout.write(
                f"{units} wards, {units * len(categories):,} budget lines, {entries:,} vouchers, "
                f"{petitions:,} petitions built in {time.perf_counter() - started:.1f} s"
            )
            window = Window.for_period(Period(PeriodKind.YEAR, 2022), today=date(2023, 3, 1))
            timings, queries = [], 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    figures = figures_for_units(wards, window)
                    ranked_by_on_time(figures)
                    timings.append((time.perf_counter() - begin) * 1000)
                queries = len(captured.captured_queries)
            total = sum(f.budget.expenditure_actual for f in figures)
            received = sum(f.petitions.received for f in figures)
            self.stdout.write(
                f"  figures of {len(figures)} wards: median {statistics.median(timings):.0f} ms, "
                f"{queries} queries; expenditure {total:,} đồng; {received:,} petitions received"
            )
            transaction.set_rollback(True)
        self.stdout.write("rolled back: the database is as it was")

    def _city(self, units: int, entries: int, categories, clerk) -> list[AdministrativeUnit]:
        rng = random.Random(168)  # noqa: S311 (synthetic data, not secrets)
        city = AdministrativeUnit(code="BENCH", name="Thành phố thử tải", level=UnitLevel.PROVINCE)
        city.save()
        wards = []
        for n in range(units):
            ward = AdministrativeUnit(
                code=f"B{n:04d}", name=f"Phường thử {n + 1}", level=UnitLevel.COMMUNE, parent=city
            )
            ward.save()
            wards.append(ward)
        years = FiscalYear.objects.bulk_create(
            FiscalYear(unit=ward, year=2022, status="closed") for ward in wards
        )
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(
                fiscal_year=year, category=category, initial_estimate=rng.randint(1, 900) * 10**6
            )
            for year in years
            for category in categories
        )
        batch = []
        for n in range(entries):
            batch.append(
                Entry(
                    line=lines[n % len(lines)],
                    date=date(2022, 1 + n % 12, 1 + n % 28),
                    voucher_number=f"B-{n}",
                    description="Chi thử tải",
                    amount=rng.randint(1, 50_000) * 1000,
                    recorded_by=clerk,
                )
            )
            if len(batch) == 10_000:
                Entry.objects.bulk_create(batch)
                batch = []
        Entry.objects.bulk_create(batch)
        return wards

    def _petitions(self, wards, count: int) -> None:
        """Petitions received over 2022 in every state, with their history (the figures read
        the events): resolved on time or late, rated, still open (some overdue), some
        extended after the period, so every petition figure has rows to count."""
        rng = random.Random(1022)  # noqa: S311 (synthetic data, not secrets)
        topic = Topic.objects.order_by("pk").first()
        batch, history = [], []
        for n in range(count):
            received = date(2022, 1 + n % 12, 1 + n % 28)
            due = received + timedelta(days=15)
            resolved = rng.random() < 0.8
            on_time = resolved and rng.random() < 0.85
            resolved_on = (due - timedelta(days=2 if on_time else -5)) if resolved else None
            satisfied = (rng.random() < 0.9) if resolved and n % 3 == 0 else None
            batch.append(
                Petition(
                    unit=wards[n % len(wards)],
                    topic=topic,
                    kind=Kind.FEEDBACK,
                    status=Status.RESOLVED if resolved else Status.IN_PROGRESS,
                    code=f"BENCH-{n}",
                    title=f"Phản ánh thử {n}",
                    content="Nội dung thử tải",
                    received_at=_moment(received),
                    received_on=received,
                    due_date=due,
                    resolved_on=resolved_on,
                    resolved_on_time=on_time if resolved else None,
                    satisfied=satisfied,
                    rated_at=_moment(resolved_on + timedelta(days=1))
                    if satisfied is not None
                    else None,
                    secret=f"{n:032d}",
                    search_text="phan anh thu",
                )
            )
            history.append((received, due, resolved_on, satisfied, n % 10 == 0))
            if len(batch) == 10_000:
                self._save_with_history(batch, history)
                batch, history = [], []
        self._save_with_history(batch, history)

    def _save_with_history(self, petitions: list[Petition], history: list[tuple]) -> None:
        Petition.objects.bulk_create(petitions)
        events = []
        for petition, (received, due, resolved_on, satisfied, extended) in zip(
            petitions, history, strict=True
        ):
            events.append(_event(petition, received, "received", Status.RECEIVED, received))
            classified = received + timedelta(days=1)
            events.append(_event(petition, classified, "classified", Status.ACCEPTED, due))
            if resolved_on is not None:
                events.append(_event(petition, resolved_on, "resolved", Status.RESOLVED, due))
            elif extended:  # an extension granted in 2023 moves the due date after the period
                extension = _event(petition, date(2023, 1, 5), "extended", Status.IN_PROGRESS, due)
                extension.due_date = date(2023, 2, 5)
                events.append(extension)
            if satisfied is not None:
                rating = _event(petition, resolved_on + timedelta(days=1), "rated", "resolved", due)
                rating.public, rating.satisfied = False, satisfied
                events.append(rating)
        PetitionEvent.objects.bulk_create(events, batch_size=10_000)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time_of_day))


def _event(petition: Petition, day: date, action: str, status: str, due: date) -> PetitionEvent:
    return PetitionEvent(
        petition=petition, at=_moment(day), action=action, status=status, due_date=due
    )
