"""The category tree becomes a versioned rule set (vn-rules.md §3.7): the existing tree is the
version for budget years 2017–2025 (TT 344/2016, mục lục TT 324/2016); the version from
budget year 2026 (Luật NSNN 89/2025, TT 130/2025/TT-BTC) copies its groups, marked
unconfirmed, with a mapping old → new. Books of 2026 and later already in the database move
to the copies (same codes)."""

from django.db import migrations


def forward(apps, schema_editor):
    from budget.category_tree import VERSIONS, _version, load_versions

    Classification = apps.get_model("budget", "Classification")
    Category = apps.get_model("budget", "Category")
    BudgetLine = apps.get_model("budget", "BudgetLine")
    old = _version(Classification, VERSIONS[0])
    Category.objects.filter(classification__isnull=True).update(classification=old)
    load_versions(apps)
    for version in Classification.objects.exclude(pk=old.pk):
        copies = {c.code: c.pk for c in Category.objects.filter(classification=version)}
        years = {"fiscal_year__year__gte": version.first_year}
        if version.last_year is not None:
            years["fiscal_year__year__lte"] = version.last_year
        for line in BudgetLine.objects.filter(category__classification=old, **years).select_related(
            "category"
        ):
            line.category_id = copies[line.category.code]
            line.save(update_fields=["category"])


def backward(apps, schema_editor):
    Classification = apps.get_model("budget", "Classification")
    Category = apps.get_model("budget", "Category")
    BudgetLine = apps.get_model("budget", "BudgetLine")
    first = Classification.objects.order_by("first_year").first()
    if first is None:
        return
    originals = {c.code: c.pk for c in Category.objects.filter(classification=first)}
    for line in BudgetLine.objects.exclude(category__classification=first).select_related(
        "category"
    ):
        line.category_id = originals[line.category.code]
        line.save(update_fields=["category"])
    apps.get_model("budget", "CategoryMapping").objects.all().delete()
    later = Category.objects.exclude(classification=first)
    while later.exists():
        later.filter(children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0005_classification_versions")]
    operations = [migrations.RunPython(forward, backward)]
