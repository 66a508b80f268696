"""Shared bases for django-tables2 tables and list views (NetBox shape, trimmed)."""

from __future__ import annotations

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

MAX_PER_PAGE = 200


class PortalTable(tables.Table):
    """Adds the pk as the last ordering key, so equal values never shuffle between pages."""

    class Meta:
        attrs = {"class": "table"}
        per_page = 50
        empty_text = _("Chưa có mục nào.")

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # ?per_page= comes straight from the address bar: -1 or 10**20 must not break the page.
        per_page = max(1, min(per_page or self._meta.per_page, MAX_PER_PAGE))
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        queryset = getattr(self.data, "data", None)
        if isinstance(queryset, QuerySet):
            ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
            if not {"pk", "-pk", "id", "-id"} & {str(o) for o in ordering}:
                self.data.data = queryset.order_by(*ordering, "pk")


class ScopedTableView(SingleTableMixin, FilterView):
    """A list page: a selector that returns the user's scoped queryset, a FilterSet, a table.

    Subclasses set `selector` (a function of the user), `table_class`, `filterset_class` and
    `template_name`; nothing else is needed for a standard list.
    """

    selector = None
    # The table paginates (PortalTable.paginate clamps ?per_page=); the ListView must not
    # paginate the same rows a second time, so paginate_by stays None.
    per_page = 50

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_table_pagination(self, table):
        return {"per_page": self.per_page}
