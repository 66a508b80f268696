from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "ward_portal.dashboards"
    label = "dashboards"
    verbose_name = _("Bảng điều khiển")
