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


@pytest.fixture(autouse=True)
def _category_tree(request):
    """The category tree is migration data; a transactional test (the browser journeys)
    flushes it from the shared test database, so make sure it is there."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        from budget.category_tree import load

        load()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages are asserted in Vietnamese, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("vi"):
        yield
