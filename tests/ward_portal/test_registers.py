"""Number registers (sổ đăng ký số): one allocation for every numbered thing, restarting each
year (state documents), each term (Party documents) or never; written by the register's
pattern; never the same number twice, even for two callers at once; and the old counters of
meetings and petitions carried over by the migrations."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import UnitFactory
from ward_portal.models import NumberRegister, NumberRegisterCount, NumberReset
from ward_portal.registers import number_allocate

PARTY_TERM = {
    "reset": NumberReset.TERM,
    "term_started_on": date(2020, 10, 15),
    "pattern": "{number:02d}-{series}",
}
CODES = {"pattern": "{unit}-{period}-{number:06d}"}


def texts(unit, series, *days, defaults=None):
    return [number_allocate(unit=unit, series=series, on=d, defaults=defaults).text for d in days]


@pytest.mark.django_db
def test_numbers_run_per_unit_series_and_year_and_restart_at_01(ward_a, ward_b):
    may = date(2026, 5, 4)
    assert texts(ward_a, "BB-UBND", may, may, may) == ["01/BB-UBND", "02/BB-UBND", "03/BB-UBND"]
    assert texts(ward_a, "TB-UBND", may) == ["01/TB-UBND"]
    assert texts(ward_b, "BB-UBND", may) == ["01/BB-UBND"]
    next_year = number_allocate(unit=ward_a, series="BB-UBND", on=date(2027, 1, 2))
    assert (next_year.number, next_year.period, next_year.text) == (1, 2027, "01/BB-UBND")
    # The earlier year's register page goes on where it stopped.
    assert texts(ward_a, "BB-UBND", date(2026, 12, 31)) == ["04/BB-UBND"]
    assert NumberRegister.objects.filter(unit=ward_a).count() == 2


@pytest.mark.django_db
def test_party_numbers_run_through_the_term_and_restart_with_a_new_one(ward_a):
    days = date(2020, 11, 2), date(2021, 1, 4), date(2025, 6, 30)
    assert texts(ward_a, "BB/ĐU", *days, defaults=PARTY_TERM) == [
        "01-BB/ĐU",
        "02-BB/ĐU",
        "03-BB/ĐU",
    ]
    assert {c.period for c in NumberRegisterCount.objects.all()} == {2020}

    register = NumberRegister.objects.get(unit=ward_a, series="BB/ĐU")
    register.term_started_on = date(2025, 10, 20)  # the new congress
    register.save()
    first = number_allocate(unit=ward_a, series="BB/ĐU", on=date(2025, 10, 21))
    assert (first.number, first.period, first.text) == (1, 2025, "01-BB/ĐU")
    assert texts(ward_a, "BB/ĐU", date(2026, 2, 3)) == ["02-BB/ĐU"]
    with pytest.raises(ValidationError, match="không có nhiệm kỳ chứa ngày 30/06/2025"):
        number_allocate(unit=ward_a, series="BB/ĐU", on=date(2025, 6, 30))


@pytest.mark.django_db
def test_a_register_that_never_restarts_continues_across_years(ward_a):
    never = {"reset": NumberReset.NEVER, "pattern": "{number:03d}/{series}"}
    days = date(2025, 12, 31), date(2026, 1, 1), date(2030, 7, 1)
    assert texts(ward_a, "QĐ-TĐ", *days, defaults=never) == ["001/QĐ-TĐ", "002/QĐ-TĐ", "003/QĐ-TĐ"]
    assert list(NumberRegisterCount.objects.values_list("period", "last_number")) == [(0, 3)]


@pytest.mark.django_db
def test_petition_codes_carry_the_unit_the_year_and_six_digits(ward_a):
    assert texts(ward_a, "HS", date(2026, 3, 2), defaults=CODES) == ["NTB-2026-000001"]
    NumberRegisterCount.objects.update(last_number=122)
    assert texts(ward_a, "HS", date(2026, 3, 2), defaults=CODES) == ["NTB-2026-000123"]
    no_abbreviation = UnitFactory(code="26734", abbreviation="")
    assert texts(no_abbreviation, "HS", date(2026, 3, 2), defaults=CODES) == ["26734-2026-000001"]


@pytest.mark.django_db
def test_an_existing_register_keeps_what_the_admin_set(ward_a):
    NumberRegister.objects.create(unit=ward_a, series="BB-UBND", pattern="Số {number}/{series}")
    assert texts(ward_a, "BB-UBND", date(2026, 1, 5)) == ["Số 1/BB-UBND"]
    assert texts(ward_a, "BB-UBND", date(2026, 1, 5), defaults={"pattern": "{number}"}) == [
        "Số 2/BB-UBND"
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        "{number.real}/{series}",  # attribute lookup
        "{number}/{series[0]}",  # index lookup
        "{0}/{series}",  # positional
        "{year}-{number}",  # unknown name
        "{number:02d}/{series",  # unbalanced brace
        "{number}/{series:d}",  # a text formatted as a number
        "{number:{period.real}}",  # a lookup hidden in the format spec
        "{series}",  # no number: every document would read the same
    ],
)
@pytest.mark.django_db
def test_a_bad_pattern_is_refused_in_vietnamese(pattern, ward_a):
    register = NumberRegister(unit=ward_a, series="BB-UBND", pattern=pattern)
    with pytest.raises(ValidationError) as info:
        register.full_clean(validate_unique=False)
    message = " ".join(info.value.message_dict["pattern"])
    assert message.startswith("Mẫu số ")


@pytest.mark.django_db
def test_number_allocate_refuses_a_bad_default_pattern(ward_a):
    with pytest.raises(ValidationError, match="Mẫu số chỉ được dùng"):
        number_allocate(unit=ward_a, series="X", on=date(2026, 1, 1), defaults={"pattern": "{x}"})
    assert not NumberRegister.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pattern", ["{number:02d}/{series}", "{number:02d}-{series}", "{unit}-{period}-{number:06d}"]
)
def test_good_patterns_pass(pattern, ward_a):
    NumberRegister(unit=ward_a, series="BB-UBND", pattern=pattern).full_clean(validate_unique=False)


@pytest.mark.django_db
def test_a_term_register_needs_its_start_date(ward_a):
    register = NumberRegister(unit=ward_a, series="BB/ĐU", reset=NumberReset.TERM)
    with pytest.raises(ValidationError) as info:
        register.full_clean(validate_unique=False)
    assert "term_started_on" in info.value.message_dict


@pytest.mark.django_db
def test_the_admin_shows_the_counts_read_only(admin_client_, ward_a):
    number_allocate(unit=ward_a, series="BB-UBND", on=date(2026, 1, 5))
    register = NumberRegister.objects.get()
    page = admin_client_.get(reverse("admin:ward_portal_numberregister_change", args=[register.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "2026" in html
    assert 'name="counts-0-last_number"' not in html and 'name="series"' not in html
    assert (
        admin_client_.get(reverse("admin:ward_portal_numberregister_changelist")).status_code == 200
    )


@pytest.mark.django_db(transaction=True)
def test_two_callers_at_once_never_get_the_same_number(ward_a):
    """Each thread has its own connection and holds its transaction open a moment after taking
    its number: the other one waits on the count row (and, on first use, on the register)."""
    start = threading.Barrier(2)
    got: list[int] = []
    errors: list[BaseException] = []

    def allocate_three():
        try:
            start.wait(timeout=10)
            for _ in range(3):
                with transaction.atomic():
                    got.append(
                        number_allocate(unit=ward_a, series="BB-UBND", on=date(2026, 4, 1)).number
                    )
                    connection.cursor().execute("SELECT pg_sleep(0.05)")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate_three) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(got) == [1, 2, 3, 4, 5, 6]
    assert NumberRegister.objects.count() == 1


# --- the migrations from the old counters ---------------------------------------------------

BEFORE = [
    ("ward_portal", "0001_initial"),
    ("meetings", "0003_meeting_cancellation_and_changes"),
    ("citizens", "0003_event_action_choices"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_old_counters_carry_over_and_back(ward_a, ward_b):
    try:
        old = migrate(BEFORE)
        counter = old.get_model("meetings", "DocumentCounter").objects
        counter.create(
            unit_id=ward_a.pk, body_symbol="UBND", doc_type="BB", year=2026, last_number=7
        )
        counter.create(
            unit_id=ward_a.pk, body_symbol="UBND", doc_type="BB", year=2025, last_number=41
        )
        counter.create(unit_id=ward_a.pk, body_symbol="ĐU", doc_type="TB", year=2026, last_number=2)
        counter.create(
            unit_id=ward_b.pk, body_symbol="UBND", doc_type="BC", year=2026, last_number=3
        )
        sequence = old.get_model("citizens", "CodeSequence").objects
        sequence.create(unit_id=ward_a.pk, year=2026, last_number=122)

        migrate(latest())
        may = date(2026, 5, 4)
        assert texts(ward_a, "BB-UBND", may) == ["08/BB-UBND"]
        assert texts(ward_a, "BB-UBND", date(2025, 12, 1)) == ["42/BB-UBND"]
        assert texts(ward_a, "TB-ĐU", may) == ["03/TB-ĐU"]
        assert texts(ward_b, "BC-UBND", may) == ["04/BC-UBND"]
        assert texts(ward_a, "HS", may, defaults=CODES) == ["NTB-2026-000123"]
        assert texts(ward_b, "HS", may, defaults=CODES) == ["BN-2026-000001"]  # a new register

        old = migrate(BEFORE)
        counters = old.get_model("meetings", "DocumentCounter").objects
        assert set(
            counters.values_list("unit_id", "doc_type", "body_symbol", "year", "last_number")
        ) == {
            (ward_a.pk, "BB", "UBND", 2026, 8),
            (ward_a.pk, "BB", "UBND", 2025, 42),
            (ward_a.pk, "TB", "ĐU", 2026, 3),
            (ward_b.pk, "BC", "UBND", 2026, 4),
        }
        sequences = old.get_model("citizens", "CodeSequence").objects
        assert set(sequences.values_list("unit_id", "year", "last_number")) == {
            (ward_a.pk, 2026, 123),
            (ward_b.pk, 2026, 1),
        }
    finally:
        migrate(latest())
