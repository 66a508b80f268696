"""Whatever is typed into a list page's address (page, page size, sort, filters), the page
answers: no 500 for a hand-edited query string."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = [
    "/budget/",
    "/citizens/",
    "/citizens/receptions/",
    "/meetings/",
    "/meetings/tasks/",
    "/reports/",
]
VALUES = ["-1", "0", "abc", "99999999999999999999", "1e9", "", "Đ", "x" * 500]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("param", ["per_page", "page", "sort"])
def test_list_pages_survive_any_paging_parameter(clerk_a_client, url, param):
    for value in VALUES:
        response = clerk_a_client.get(url, {param: value})
        assert response.status_code == 200, (url, param, value)
