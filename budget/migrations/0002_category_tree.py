"""Loads the TT 344/2016 category tree (budget/category_tree.py).

The rows are read from category_tree.py, the loop is kept here: the live loader needs the
classification versions of migration 0005."""

from django.db import migrations


def load(apps, schema_editor):
    from budget.category_tree import EXPENDITURE, REVENUE

    Category = apps.get_model("budget", "Category")
    for direction, rows in (("revenue", REVENUE), ("expenditure", EXPENDITURE)):
        by_code = {}
        for order, (code, parent, name, loai, muc) in enumerate(rows, start=1):
            by_code[code], _ = Category.objects.get_or_create(
                code=code,
                defaults={
                    "direction": direction,
                    "parent": by_code.get(parent),
                    "name": name,
                    "loai": loai,
                    "muc": muc,
                    "sort_order": order * 10,
                    "legal_basis": "Thông tư 344/2016/TT-BTC, Điều "
                    + ("9" if direction == "revenue" else "10"),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
