"""The same submission sent twice (a double tap, a retried request): one record, and both answers
lead to it; never a 500."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from citizens.models import Petition
from tests.citizens.conftest import valid_form_data

SUBMIT = "/feedback/"

# A transactional test empties the tables afterwards; serialized_rollback puts back the rows
# loaded by migrations (topics, deadline rules) for the tests after it.
CONCURRENT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_the_same_moment(*calls):
    """Runs the calls in threads started together; returns their results (or the errors)."""
    start = threading.Barrier(len(calls), timeout=10)
    results: list = [None] * len(calls)

    def run(index, call):
        # Each thread has its own database connection (Django's are per thread).
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # reported by the assertions of the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@CONCURRENT
def test_two_identical_public_submissions_at_the_same_moment_lead_to_one_petition(
    ward_a, topic, monkeypatch
):
    data = valid_form_data(ward_a, topic)
    checked = Petition.full_clean

    def slow_full_clean(self, *args, **kwargs):
        # Both requests have looked for the key and found nothing; they now meet at the save.
        time.sleep(0.3)
        return checked(self, *args, **kwargs)

    monkeypatch.setattr(Petition, "full_clean", slow_full_clean)
    answers = _at_the_same_moment(
        lambda: Client().post(SUBMIT, data), lambda: Client().post(SUBMIT, data)
    )
    petition = Petition.objects.get()
    sent = f"/feedback/sent/{petition.code}/{petition.secret}/"
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    assert [a.url for a in answers] == [sent, sent]


@CONCURRENT
def test_a_submission_arriving_just_after_the_first_was_saved_leads_to_it(
    ward_a, topic, monkeypatch
):
    """The second request looked for the key before the first committed and validates after."""
    data = valid_form_data(ward_a, topic)
    checked = Petition.full_clean
    first_saved = threading.Event()
    calls = []

    def full_clean_after_the_first(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            first_saved.wait(timeout=10)
            time.sleep(0.2)  # the first request's transaction commits
        return checked(self, *args, **kwargs)

    original_save = Petition.save

    def save(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        first_saved.set()

    monkeypatch.setattr(Petition, "full_clean", full_clean_after_the_first)
    monkeypatch.setattr(Petition, "save", save)
    answers = _at_the_same_moment(
        lambda: Client().post(SUBMIT, data), lambda: Client().post(SUBMIT, data)
    )
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    assert Petition.objects.count() == 1
