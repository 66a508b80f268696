from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    label = "dashboards"
    verbose_name = _("Bảng điều khiển")
    staff_nav = [(10, "dashboard", _("Tổng quan"))]
