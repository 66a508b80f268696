"""Hypothesis inputs that people actually send: any text, NUL characters, very long texts,
formula-like texts, far dates and odd numbers. Example counts stay modest: each fuzz test
runs in a few seconds."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "=1+2",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "9999-12-31",
    "9999-12-31T23:59",
    "10000-01-01",
    "0001-01-01",
    "1999-12-31",
    "2000-01-01",
    "31/12/9999",
    "２０２６-０４-１０",
    "٣",
    "\u202e",
    "🙂" * 3,
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
]

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ODD),
    st.builds(
        lambda char, n: char * n,
        st.sampled_from(["x", "ầ", "\x00", "🙂", "\n"]),
        st.sampled_from([121, 201, 256, 501, 5001, 10_001, 200_000]),
    ),
)


def fuzz(max_examples: int = 20):
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def overrides(fields: list[str]):
    """Some of the form's fields replaced by nasty values."""
    return st.dictionaries(st.sampled_from(fields), NASTY, min_size=1, max_size=len(fields))


def counts(*models) -> list[int]:
    return [model.objects.count() for model in models]


def post_safely(client, url: str, data: dict, *models, saved_status: int = 302):
    """Posts; asserts no 500, and that the rows of `models` grew by at most one each, and not
    at all unless the answer is `saved_status` (nothing half-saved)."""
    before = counts(*models)
    response = client.post(url, data)
    assert response.status_code < 500
    after = counts(*models)
    if response.status_code == saved_status:
        assert all(b <= a <= b + 1 for a, b in zip(after, before, strict=True))
    else:
        assert after == before, (response.status_code, before, after)
    return response
