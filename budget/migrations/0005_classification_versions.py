"""The category tree becomes a versioned rule set (vn-rules.md §3.7): the tables. The data
is loaded by 0006, the column made required by 0007 (PostgreSQL will not build an index on a
table with pending trigger events in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("budget", "0004_monthly_actuals")]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="code",
            field=models.CharField(
                help_text="Mã trong cây mục, ví dụ C.2.11.", max_length=20, verbose_name="mã"
            ),
        ),
        migrations.CreateModel(
            name="Classification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="tên")),
                ("legal_basis", models.CharField(max_length=255, verbose_name="căn cứ pháp lý")),
                (
                    "first_year",
                    models.PositiveSmallIntegerField(verbose_name="áp dụng từ năm ngân sách"),
                ),
                (
                    "last_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Để trống nếu đang áp dụng.",
                        null=True,
                        verbose_name="áp dụng đến năm ngân sách",
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(
                        default=False,
                        help_text="Chỉ đánh dấu khi đã đối chiếu với văn bản gốc.",
                        verbose_name="đã xác nhận",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="ghi chú")),
            ],
            options={
                "verbose_name": "phiên bản mục lục",
                "verbose_name_plural": "phiên bản mục lục",
                "ordering": ["first_year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("first_year",), name="unique_classification_start"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("last_year__isnull", True),
                            ("last_year__gte", models.F("first_year")),
                            _connector="OR",
                        ),
                        name="classification_years_in_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ChapterRange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("first_code", models.CharField(max_length=3, verbose_name="từ chương")),
                ("last_code", models.CharField(max_length=3, verbose_name="đến chương")),
                ("level", models.CharField(max_length=100, verbose_name="cấp")),
                (
                    "legal_basis",
                    models.CharField(blank=True, max_length=255, verbose_name="căn cứ"),
                ),
                (
                    "classification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chapter_ranges",
                        to="budget.classification",
                        verbose_name="phiên bản mục lục",
                    ),
                ),
            ],
            options={
                "verbose_name": "khoảng mã chương",
                "verbose_name_plural": "khoảng mã chương",
                "ordering": ["classification", "first_code"],
            },
        ),
        migrations.CreateModel(
            name="ChapterChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("old_code", models.CharField(max_length=3, verbose_name="mã chương cũ")),
                (
                    "new_code",
                    models.CharField(blank=True, max_length=3, verbose_name="mã chương mới"),
                ),
                (
                    "legal_basis",
                    models.CharField(blank=True, max_length=255, verbose_name="căn cứ"),
                ),
                (
                    "classification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chapter_changes",
                        to="budget.classification",
                        verbose_name="phiên bản mục lục",
                    ),
                ),
            ],
            options={
                "verbose_name": "chuyển đổi mã chương",
                "verbose_name_plural": "chuyển đổi mã chương",
                "ordering": ["classification", "old_code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("classification", "old_code"), name="unique_chapter_change"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="category",
            name="classification",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="categories",
                to="budget.classification",
                verbose_name="phiên bản mục lục",
            ),
        ),
        migrations.CreateModel(
            name="CategoryMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="ghi chú")),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mappings_out",
                        to="budget.category",
                        verbose_name="mục cũ",
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        blank=True,
                        help_text="Để trống nếu mục cũ không có mục tương ứng.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mappings_in",
                        to="budget.category",
                        verbose_name="mục mới",
                    ),
                ),
            ],
            options={
                "verbose_name": "chuyển đổi mục",
                "verbose_name_plural": "bảng chuyển đổi mục",
                "ordering": ["source__classification", "source__sort_order", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "target"),
                        name="unique_category_mapping",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
    ]
