from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardPortalConfig(AppConfig):
    name = "ward_portal"
    verbose_name = _("Khung dùng chung")

    def ready(self):
        # Audit log (ward_portal/audit.py): units, roles, registers and rule tables.
        from . import audit

        audit.register_app(
            self,
            units={"AdministrativeUnit": "self", "UnitSuccession": "successor"},
            ignore={"AdministrativeUnit": ("path",)},
            skip=("User", "NumberRegisterCount", "AuditEntry"),
        )
