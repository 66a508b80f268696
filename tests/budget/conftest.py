import pytest

from .factories import FiscalYearFactory, LineFactory, category


@pytest.fixture
def year_a(ward_a):
    """Ward A's 2022, in execution."""
    return FiscalYearFactory(unit=ward_a, year=2022)


@pytest.fixture
def line_a(year_a):
    return LineFactory(
        fiscal_year=year_a, category=category("C2.11.1"), initial_estimate=5_000_000_000
    )


@pytest.fixture
def revenue_line_a(year_a):
    return LineFactory(fiscal_year=year_a, category=category("T1.1"), initial_estimate=600_000_000)
