from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Ngân sách và chỉ tiêu")
    # Menu entries (ward_portal.context_processors): (position, URL name, label).
    staff_nav = [(20, "budget:index", _("Ngân sách"))]
    public_nav = [(30, "public:index", _("Công khai ngân sách"))]

    def ready(self):
        # Audit log (ward_portal/audit.py); AuditEvent is the history in words (history.py),
        # MonthlyActual is kept by triggers.
        from ward_portal import audit

        year_unit = "fiscal_year__unit"
        line_unit = "line__fiscal_year__unit"
        audit.register_app(
            self,
            units={
                **dict.fromkeys(["BudgetLine", "ImportBatch", "Target", "Disclosure"], year_unit),
                **dict.fromkeys(["Adjustment", "Entry"], line_unit),
            },
            ignore={"ImportBatch": ("errors",)},  # a big file's problems: on its page
            skip=("AuditEvent", "MonthlyActual"),
        )
