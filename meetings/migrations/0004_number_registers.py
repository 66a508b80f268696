"""The document counters become the kernel's number registers (ward_portal.NumberRegister):
each (unit, body, type) counter is the register of series "{type}-{body}" (BB-UBND, TB-ĐU,
BC-UBND, …), numbered from 01 each year and written "01/BB-UBND", with one count per year.
Going back copies the yearly counts of such registers into the counters again."""

from django.db import migrations

YEARLY = "year"
STATE_PATTERN = "{number:02d}/{series}"


def counters_to_registers(apps, schema_editor):
    DocumentCounter = apps.get_model("meetings", "DocumentCounter")
    NumberRegister = apps.get_model("ward_portal", "NumberRegister")
    NumberRegisterCount = apps.get_model("ward_portal", "NumberRegisterCount")
    for counter in DocumentCounter.objects.order_by("pk"):
        register, _ = NumberRegister.objects.get_or_create(
            unit_id=counter.unit_id,
            series=f"{counter.doc_type}-{counter.body_symbol}",
            defaults={"reset": YEARLY, "pattern": STATE_PATTERN},
        )
        count, created = NumberRegisterCount.objects.get_or_create(
            register=register, period=counter.year, defaults={"last_number": counter.last_number}
        )
        if not created and count.last_number < counter.last_number:
            count.last_number = counter.last_number
            count.save(update_fields=["last_number"])


def registers_to_counters(apps, schema_editor):
    DocumentCounter = apps.get_model("meetings", "DocumentCounter")
    NumberRegisterCount = apps.get_model("ward_portal", "NumberRegisterCount")
    counts = NumberRegisterCount.objects.filter(
        register__reset=YEARLY, register__series__contains="-"
    ).select_related("register")
    for count in counts:
        doc_type, body_symbol = count.register.series.split("-", 1)
        if len(doc_type) > 5 or len(body_symbol) > 20:
            continue  # a series the old counters could not hold was never theirs
        DocumentCounter.objects.update_or_create(
            unit_id=count.register.unit_id,
            body_symbol=body_symbol,
            doc_type=doc_type,
            year=count.period,
            defaults={"last_number": count.last_number},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_cancellation_and_changes"),
        ("ward_portal", "0002_number_registers"),
    ]

    operations = [
        migrations.RunPython(counters_to_registers, registers_to_counters),
        migrations.DeleteModel(name="DocumentCounter"),
    ]
