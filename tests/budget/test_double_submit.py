"""A voucher form sent twice records one entry, and says so both times; an adjustment form sent
twice proposes one adjustment."""

import pytest

from budget.models import Adjustment, Entry


def test_the_entry_form_sent_twice_records_one_entry(clerk_a_client, line_a):
    page = clerk_a_client.get(f"/budget/lines/{line_a.pk}/")
    key = str(page.context["entry_form"]["idempotency_key"].value())
    data = {
        "date": "2022-04-05",
        "voucher_number": "PC-0412",
        "description": "Chi văn phòng phẩm",
        "amount": "12.500.000",
        "idempotency_key": key,
    }
    answers = [clerk_a_client.post(f"/budget/lines/{line_a.pk}/entries/", data) for _ in "12"]
    assert [a.status_code for a in answers] == [302, 302]
    assert Entry.objects.count() == 1
    # Without the key (an old page), the second is refused on its voucher number, not a 500.
    del data["idempotency_key"]
    refused = clerk_a_client.post(f"/budget/lines/{line_a.pk}/entries/", data)
    assert refused.status_code == 400 and Entry.objects.count() == 1


def test_the_adjustment_form_sent_twice_proposes_one_adjustment(clerk_a_client, line_a):
    page = clerk_a_client.get(f"/budget/lines/{line_a.pk}/")
    key = str(page.context["adjustment_form"]["idempotency_key"].value())
    data = {
        "date": "2022-06-10",
        "decision_number": "45/QĐ-UBND",
        "reason": "Bổ sung kinh phí chỉnh trang đô thị",
        "amount": "150.000.000",
        "idempotency_key": key,
    }
    url = f"/budget/lines/{line_a.pk}/adjustments/"
    answers = [clerk_a_client.post(url, data) for _ in "12"]
    assert [a.status_code for a in answers] == [302, 302]
    assert Adjustment.objects.count() == 1
    # a new form (a new key) is a new proposal
    data["idempotency_key"] = str(
        clerk_a_client.get(f"/budget/lines/{line_a.pk}/")
        .context["adjustment_form"]["idempotency_key"]
        .value()
    )
    assert clerk_a_client.post(url, data).status_code == 302
    assert Adjustment.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # two threads, two connections
def test_two_identical_vouchers_at_the_same_moment_are_one_entry(ward_a, clerk_a):
    import threading
    import uuid
    from datetime import date

    from django.db import connection

    from budget import services
    from tests.budget.factories import FiscalYearFactory, LineFactory, category

    line = LineFactory(
        fiscal_year=FiscalYearFactory(unit=ward_a, year=2022), category=category("C2.11.1")
    )
    key = uuid.uuid4()
    start = threading.Barrier(2, timeout=10)
    answers = []

    def record():
        try:
            start.wait()
            entry = services.entry_record(
                line=line,
                date=date(2022, 4, 5),
                voucher_number="PC-0412",
                description="Chi văn phòng phẩm",
                amount=12_500_000,
                user=clerk_a,
                idempotency_key=key,
            )
            answers.append(entry.pk)
        except Exception as error:  # reported by the assertion below
            answers.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    entry = Entry.objects.get()
    assert answers == [entry.pk, entry.pk]
