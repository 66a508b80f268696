"""Period-true figures read a case's history, not its current fields: a rating counts in the
period it was given (its "rated" event), a resolution in the period it was made (its
"resolved" event, judged against the due date that event recorded).

The backfill gives older rows the history the figures need, from the best evidence at hand:
- a "rated" event gets the rating it recorded: the petition's own `satisfied` when the event
  is the petition's current rating, else the verdict its internal note starts with
  ("Hài lòng" / "Không hài lòng", or the English "Satisfied" / "Not satisfied");
- a petition rated without a timestamp gets `rated_at` from its last "rated" event, else from
  its last resolution (the rating can only follow it), else noon of its `resolved_on` or
  `closed_on`; a rating with no "rated" event gets one at `rated_at`;
- a petition resolved (`resolved_on`) with no "resolved" event gets one at noon of that day,
  with a due date that keeps the stored on-time judgement (`resolved_on_time`).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

NOT_SATISFIED = ("Không hài lòng", "Not satisfied")
SATISFIED = ("Hài lòng", "Satisfied")


def _noon(day):
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _verdict(note: str):
    if note.startswith(NOT_SATISFIED):
        return False
    if note.startswith(SATISFIED):
        return True
    return None


def backfill(apps, schema_editor):
    Petition = apps.get_model("citizens", "Petition")
    PetitionEvent = apps.get_model("citizens", "PetitionEvent")
    rated = PetitionEvent.objects.filter(action="rated").select_related("petition")
    latest_rating = {}
    for event in rated.order_by("at", "pk"):
        latest_rating[event.petition_id] = event
    for event in rated.filter(satisfied__isnull=True):
        petition = event.petition
        current = petition.rated_at is not None and latest_rating[petition.pk].pk == event.pk
        event.satisfied = petition.satisfied if current else _verdict(event.internal_note)
        if event.satisfied is not None:
            event.save(update_fields=["satisfied"])

    for petition in Petition.objects.filter(satisfied__isnull=False):
        event = latest_rating.get(petition.pk)
        if petition.rated_at is None:
            resolution = (
                PetitionEvent.objects.filter(petition=petition, action="resolved")
                .order_by("-at", "-pk")
                .first()
            )
            day = petition.resolved_on or petition.closed_on
            if event is not None:
                petition.rated_at = event.at
            elif resolution is not None:
                petition.rated_at = resolution.at
            elif day is not None:
                petition.rated_at = _noon(day)
            else:
                continue
            petition.save(update_fields=["rated_at"])
        if event is None:
            PetitionEvent.objects.create(
                petition=petition,
                at=petition.rated_at,
                action="rated",
                status=petition.status,
                public=False,
                due_date=petition.due_date,
                satisfied=petition.satisfied,
            )

    resolved_events = PetitionEvent.objects.filter(action="resolved").values("petition_id")
    unrecorded = Petition.objects.filter(resolved_on__isnull=False).exclude(pk__in=resolved_events)
    for petition in unrecorded:
        due = petition.due_date
        if petition.resolved_on_time is True and due is not None and due < petition.resolved_on:
            due = petition.resolved_on
        elif petition.resolved_on_time is False and (due is None or due >= petition.resolved_on):
            due = petition.resolved_on - timedelta(days=1)
        PetitionEvent.objects.create(
            petition=petition,
            at=_noon(petition.resolved_on),
            action="resolved",
            status="resolved",
            public=True,
            due_date=due,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0005_reception_entry_number_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitionevent",
            name="satisfied",
            field=models.BooleanField(blank=True, null=True, verbose_name="hài lòng"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="petitionevent",
            index=models.Index(fields=["petition", "at", "id"], name="petition_event_history"),
        ),
        migrations.AddIndex(
            model_name="petitionevent",
            index=models.Index(fields=["action", "at"], name="petition_event_action_at"),
        ),
        migrations.AddIndex(
            model_name="petitionevent",
            index=models.Index(fields=["at"], name="petition_event_at"),
        ),
    ]
