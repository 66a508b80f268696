"""A period's petition figures come from the cases' history, so what happens after the period
(extensions, reopenings, late ratings, withdrawals) does not rewrite them."""

from datetime import date, datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from citizens import services
from citizens.models import Petition, PetitionEvent
from citizens.selectors import (
    as_it_stood,
    open_on_q,
    overdue_on_q,
    petition_figures_by_unit,
    report_form_figures,
)
from tests.citizens.factories import submit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2021, 12, 15), date(2022, 12, 14)


@pytest.fixture(autouse=True)
def rules(db):
    """The deadline rules of the data migration (a browser test's flush may have wiped them)."""
    import_module("citizens.migrations.0002_seed_rules_topics_tasks").seed(apps, None)


def on(day, hour=10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


def accepted(petition, clerk, day):
    with on(day):
        petition = services.petition_classify(petition=petition, user=clerk, decision="accepted")
        return services.petition_assign(petition=petition, user=clerk, handler=clerk)


def figures(unit, today=date(2026, 12, 2)):
    return petition_figures_by_unit(unit_ids=[unit.pk], start=START, end=END, today=today)[unit.pk]


def test_an_extension_granted_after_the_period_does_not_clear_its_overdue(ward_a, clerk_a):
    # Accepted on 28/11/2022: due 12/12/2022, overdue on 14/12/2022.
    petition = accepted(submit(ward_a, when=date(2022, 11, 25)), clerk_a, date(2022, 11, 28))
    before = figures(ward_a)
    with on(date(2023, 1, 5)):
        services.petition_extend(petition=petition, user=clerk_a, reason="Cần xác minh.")
    petition.refresh_from_db()
    assert petition.due_date > END  # counted live, it would not have been overdue on 14/12
    assert (before.open_at_end, before.overdue_at_end) == (1, 1)
    assert figures(ward_a) == before


def test_a_resolution_reopened_later_stays_in_its_period_and_a_rating_counts_when_given(
    ward_a, clerk_a
):
    petition = accepted(submit(ward_a, when=date(2022, 6, 1)), clerk_a, date(2022, 6, 2))
    with on(date(2022, 12, 10)):  # late: due mid-June
        services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xử lý.")
    with on(date(2023, 1, 3)):
        services.petition_rate(petition=petition, satisfied=True)
    with on(date(2023, 2, 1)):
        services.petition_reopen(petition=petition, user=clerk_a, reason="Khiếu nại lại.")
    with on(date(2023, 2, 3)):
        services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xử lý lại.")
    f = figures(ward_a)
    assert (f.received, f.resolved, f.resolved_on_time, f.open_at_end) == (1, 1, 0, 0)
    assert (f.rated, f.satisfied) == (0, 0)  # the rating was given in 2023
    in_2023 = petition_figures_by_unit(
        unit_ids=[ward_a.pk],
        start=date(2022, 12, 15),
        end=date(2023, 12, 14),
        today=date(2026, 1, 1),
    )[ward_a.pk]
    # 2023 counts the second resolution (on time: the reopening set a new due date) and the
    # rating, which reopening cleared from the petition but not from its history.
    assert (in_2023.resolved, in_2023.resolved_on_time, in_2023.rated, in_2023.satisfied) == (
        1,
        1,
        1,
        1,
    )
    assert Petition.objects.get().satisfied is None


def test_the_running_period_counts_as_of_today(ward_a, clerk_a):
    accepted(submit(ward_a, when=date(2022, 11, 1)), clerk_a, date(2022, 11, 2))
    # Before the end of the period, "at the end" is today: not yet overdue on 10/11.
    early = figures(ward_a, today=date(2022, 11, 10))
    assert (early.open_at_end, early.overdue_at_end) == (1, 0)
    assert (figures(ward_a).open_at_end, figures(ward_a).overdue_at_end) == (1, 1)


def test_withdrawn_and_forwarded_after_the_period_were_open_at_its_end(ward_a, clerk_a):
    withdrawn = submit(ward_a, when=date(2022, 12, 1))
    forwarded = submit(ward_a, when=date(2022, 12, 2))
    with on(date(2023, 1, 4)):
        services.petition_withdraw(petition=withdrawn, user=None, reason="Đã thỏa thuận.")
        services.petition_classify(
            petition=forwarded, user=clerk_a, decision="forwarded", forwarded_to="Công an phường"
        )
    f = figures(ward_a)
    assert f.open_at_end == 2
    forms = report_form_figures(unit_ids=[ward_a.pk], start=START, end=END)
    xld = forms["02/XLD"][ward_a.pk]
    # Classified only after the period: at its end neither was forwarded nor withdrawn.
    assert (xld["received"], xld["forwarded"], xld["within_authority"]) == (2, 0, 0)
    assert forms["03/GQKN"][ward_a.pk]["withdrawn"] == 0


def test_the_list_filters_use_the_same_definitions(ward_a, clerk_a, clerk_a_client):
    petition = accepted(submit(ward_a, when=date(2022, 11, 25)), clerk_a, date(2022, 11, 28))
    submit(ward_a, when=date(2022, 12, 20))  # received after the end
    with on(date(2023, 1, 5)):
        services.petition_extend(petition=petition, user=clerk_a, reason="Cần xác minh.")
    queryset = as_it_stood(Petition.objects.all(), END)
    assert list(queryset.filter(open_on_q(END))) == [petition]
    assert list(queryset.filter(overdue_on_q(END))) == [petition]

    def listed(query):
        response = clerk_a_client.get(f"/citizens/?unit={ward_a.pk}&{query}")
        assert response.status_code == 200
        return [p.pk for p in response.context["filter"].qs]

    assert listed("overdue_on=2022-12-14") == [petition.pk]
    assert listed("open_on=2022-12-14") == [petition.pk]
    assert listed("overdue_on=2022-12-09") == []  # not yet due then
    with on(date(2023, 1, 6)):
        services.petition_resolve(petition=petition, user=clerk_a, answer="Đã xử lý.")
    assert listed("resolved_after=2023-01-01&resolved_before=2023-01-31") == [petition.pk]
    assert listed("resolved_after=2022-01-01&resolved_before=2022-12-31") == []


def test_the_migration_gives_older_ratings_their_history(ward_a, clerk_a):
    backfill = import_module("citizens.migrations.0006_event_history").backfill
    rated = accepted(submit(ward_a, when=date(2022, 3, 1)), clerk_a, date(2022, 3, 2))
    with on(date(2022, 3, 4)):
        services.petition_resolve(petition=rated, user=clerk_a, answer="Đã xử lý.")
    with on(date(2022, 3, 5)):
        services.petition_rate(petition=rated, satisfied=False)
    # As a row written before the events kept the rating.
    PetitionEvent.objects.filter(action="rated").update(satisfied=None)
    # A rating without its time or its event (entered outside the services).
    unrecorded = accepted(submit(ward_a, when=date(2022, 4, 1)), clerk_a, date(2022, 4, 2))
    with on(date(2022, 4, 6)):
        services.petition_resolve(petition=unrecorded, user=clerk_a, answer="Đã xử lý.")
    Petition.objects.filter(pk=unrecorded.pk).update(satisfied=True)

    backfill(apps, None)

    assert PetitionEvent.objects.get(petition=rated, action="rated").satisfied is False
    unrecorded.refresh_from_db()
    resolution = PetitionEvent.objects.get(petition=unrecorded, action="resolved")
    assert unrecorded.rated_at == resolution.at
    event = PetitionEvent.objects.get(petition=unrecorded, action="rated")
    assert (event.at, event.satisfied) == (resolution.at, True)
    f = figures(ward_a)
    assert (f.rated, f.satisfied) == (2, 1)
