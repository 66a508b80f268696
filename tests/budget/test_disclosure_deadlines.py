"""Each disclosure the year owes has its legal deadline (TT 343/2016 Điều 18), and the year's
page tells what was published on time, late, and what is overdue now."""

import datetime

import pytest
import time_machine

from budget import selectors, services

pytestmark = pytest.mark.django_db
D = datetime.date
HCM = datetime.timezone(datetime.timedelta(hours=7))


def _publish(year, period, leader, day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), HCM), tick=False):
        services.disclosure_publish(fiscal_year=year, period=period, user=leader)


def test_deadlines_and_states(year_a, line_a, leader_a):
    year_a.estimate_approved_on = D(2021, 12, 20)
    year_a.save()
    _publish(year_a, "E", leader_a, D(2022, 1, 10))  # within 30 days of approval
    _publish(year_a, "Q1", leader_a, D(2022, 4, 15))  # the 15th day after the quarter: on time
    _publish(year_a, "Q2", leader_a, D(2022, 7, 16))  # one day late
    states = {
        item.period: (item.due, item.state)
        for item in selectors.disclosure_schedule(year_a, today=D(2022, 11, 1))
    }
    assert states == {
        "E": (D(2022, 1, 19), "on_time"),
        "Q1": (D(2022, 4, 15), "on_time"),
        "Q2": (D(2022, 7, 15), "late"),
        "Q3": (D(2022, 10, 15), "overdue"),
        "Q4": (D(2023, 1, 15), "not_yet"),
        "Y": (None, "not_yet"),
    }
    # Early in October, the third quarter is owed but not yet overdue.
    q3 = selectors.disclosure_schedule(year_a, today=D(2022, 10, 3))[3]
    assert (q3.period, q3.state) == ("Q3", "open")


def test_year_page_shows_the_schedule_and_offers_only_what_can_be_published(
    year_a, line_a, leader_a, leader_a_client
):
    year_a.estimate_approved_on = D(2021, 12, 20)
    year_a.save()
    _publish(year_a, "Q1", leader_a, D(2022, 5, 2))
    with time_machine.travel(datetime.datetime(2022, 11, 1, 9, tzinfo=HCM), tick=False):
        html = leader_a_client.get(
            f"/budget/units/{year_a.unit_id}/", {"year": 2022}
        ).content.decode()
    section = html.split("Công khai ngân sách", 1)[1]
    assert "Đã công khai, trễ hạn" in section and "15/04/2022" in section
    assert section.count("Quá hạn công khai") == 3  # the estimate, Q2 and Q3
    options = section.split('name="period"', 1)[1].split("</select>")[0]
    assert 'value="Q1"' not in options and 'value="Q4"' not in options
    assert options.index('value="E"') < options.index('value="Q3"')
