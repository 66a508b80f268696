"""The petition code counters become the kernel's number registers (ward_portal.NumberRegister):
each unit's counter is its register of series "HS", numbered from 1 each year and written
"NTB-2026-000123", with one count per year. Going back copies those counts into the counters."""

from django.db import migrations

SERIES = "HS"
YEARLY = "year"
CODE_PATTERN = "{unit}-{period}-{number:06d}"


def sequences_to_registers(apps, schema_editor):
    CodeSequence = apps.get_model("citizens", "CodeSequence")
    NumberRegister = apps.get_model("ward_portal", "NumberRegister")
    NumberRegisterCount = apps.get_model("ward_portal", "NumberRegisterCount")
    for sequence in CodeSequence.objects.order_by("pk"):
        register, _ = NumberRegister.objects.get_or_create(
            unit_id=sequence.unit_id,
            series=SERIES,
            defaults={"reset": YEARLY, "pattern": CODE_PATTERN},
        )
        count, created = NumberRegisterCount.objects.get_or_create(
            register=register,
            period=sequence.year,
            defaults={"last_number": sequence.last_number},
        )
        if not created and count.last_number < sequence.last_number:
            count.last_number = sequence.last_number
            count.save(update_fields=["last_number"])


def registers_to_sequences(apps, schema_editor):
    CodeSequence = apps.get_model("citizens", "CodeSequence")
    NumberRegisterCount = apps.get_model("ward_portal", "NumberRegisterCount")
    counts = NumberRegisterCount.objects.filter(
        register__series=SERIES, register__reset=YEARLY
    ).select_related("register")
    for count in counts:
        CodeSequence.objects.update_or_create(
            unit_id=count.register.unit_id,
            year=count.period,
            defaults={"last_number": count.last_number},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0003_event_action_choices"),
        ("ward_portal", "0002_number_registers"),
    ]

    operations = [
        migrations.RunPython(sequences_to_registers, registers_to_sequences),
        migrations.DeleteModel(name="CodeSequence"),
    ]
