"""Filter widgets shared by the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from .inputs import CheckedInputs


class AnyYesNo(BooleanWidget):
    """A yes/no filter whose empty choice reads "all" (not "unknown"): ?overdue=true|false."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class FilterSet(django_filters.FilterSet):
    """The list pages' filters, with the limits of every form (ward_portal.inputs): a date
    such as 31/12/9999 is refused on its field instead of overflowing a date computation."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (CheckedInputs, form_class), {})
