import datetime

import factory

from budget.category_tree import load as load_category_tree
from budget.choices import BudgetMode, YearStatus
from budget.models import BudgetLine, Category, Entry, FiscalYear
from budget.selectors import categories_for_year
from tests.factories import UnitFactory, UserFactory


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    budget_mode = BudgetMode.BUDGET_LEVEL
    status = YearStatus.EXECUTION


def category(code: str, year: int = 2022) -> Category:
    """The categories are data loaded by migrations (TT 344/2016 up to 2025, the 2026 version
    from 2026), looked up in the version in force for `year`; a transactional test elsewhere
    may have flushed them, so load them again when missing."""
    found = categories_for_year(year).filter(code=code).first()
    if found is None:
        load_category_tree()
        found = categories_for_year(year).get(code=code)
    return found


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    category = factory.LazyFunction(lambda: category("C2.11.1"))
    initial_estimate = 1_000_000_000


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    line = factory.SubFactory(LineFactory)
    date = datetime.date(2022, 3, 15)
    voucher_number = factory.Sequence(lambda n: f"PC-{n:05d}")
    description = "Chi hoạt động"
    amount = 1_000_000
    recorded_by = factory.SubFactory(UserFactory)
