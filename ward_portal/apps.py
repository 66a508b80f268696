from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardPortalConfig(AppConfig):
    name = "ward_portal"
    verbose_name = _("Khung dùng chung")

    def ready(self) -> None:
        # Two-factor login: each login notes what the session still owes (README).
        from django.contrib.auth.signals import user_logged_in

        from .two_factor.services import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="ward_portal.two_factor")

        from ward_portal import checks  # noqa: F401 - registers the deploy checks

        # Audit log (ward_portal/audit.py): units, roles, registers and rule tables.
        from . import audit

        audit.register_app(
            self,
            units={"AdministrativeUnit": "self", "UnitSuccession": "successor"},
            ignore={"AdministrativeUnit": ("path",)},
            skip=("User", "NumberRegisterCount", "AuditEntry"),
        )
