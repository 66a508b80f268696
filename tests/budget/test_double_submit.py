"""A voucher form sent twice records one entry, and says so both times."""

from budget.models import Entry


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
