"""Loads the TT 344/2016 category tree (budget/category_tree.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from budget.category_tree import load as load_tree

    load_tree(apps.get_model("budget", "Category"))


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
