from django.db import migrations, models
from django.db.models import Count


def renumber_clashes(apps, schema_editor):
    """Numbers were once taken by counting the session's lines, so two clerks writing at the
    same moment could get the same one: number such sessions again, 1, 2, 3… in the order the
    lines were written, so that the constraint can hold."""
    ReceptionEntry = apps.get_model("citizens", "ReceptionEntry")
    clashing = set(
        ReceptionEntry.objects.values("reception_id", "number")
        .annotate(lines=Count("pk"))
        .filter(lines__gt=1)
        .values_list("reception_id", flat=True)
    )
    for reception_id in sorted(clashing):
        entries = ReceptionEntry.objects.filter(reception_id=reception_id).order_by("number", "pk")
        for number, entry in enumerate(entries, start=1):
            if entry.number != number:
                entry.number = number
                entry.save(update_fields=["number"])


class Migration(migrations.Migration):
    # Another branch adds citizens 0004 at the same time; whoever merges second points this
    # migration at it.
    dependencies = [
        ("citizens", "0004_number_registers"),
    ]

    operations = [
        migrations.RunPython(renumber_clashes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="receptionentry",
            constraint=models.UniqueConstraint(
                fields=("reception", "number"), name="citizens_reception_entry_number_unique"
            ),
        ),
    ]
