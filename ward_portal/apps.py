from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardPortalConfig(AppConfig):
    name = "ward_portal"
    verbose_name = _("Khung dùng chung")

    def ready(self) -> None:
        from ward_portal import checks  # noqa: F401 - registers the deploy checks
