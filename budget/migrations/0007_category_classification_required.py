"""Every category belongs to a classification version (set by 0006); codes are unique within
a version. A separate migration: PostgreSQL will not alter a table with the data migration's
pending trigger events in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("budget", "0006_classification_data")]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="classification",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="categories",
                to="budget.classification",
                verbose_name="phiên bản mục lục",
            ),
        ),
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["classification", "direction", "sort_order", "code"],
                "verbose_name": "mục ngân sách",
                "verbose_name_plural": "cây mục ngân sách",
            },
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(
                fields=("classification", "code"), name="unique_category_code_per_version"
            ),
        ),
    ]
