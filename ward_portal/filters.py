"""Filter widgets shared by the list pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget


class AnyYesNo(BooleanWidget):
    """A yes/no filter whose empty choice reads "all" (not "unknown"): ?overdue=true|false."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]
