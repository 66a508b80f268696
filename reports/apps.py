from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")
    staff_nav = [(50, "reports:index", pgettext_lazy("navigation", "Báo cáo"))]
    # seed_demo requests this app's demo reports only with --reports (a worker builds them).
    demo_needs_worker = True

    def ready(self):
        # Audit log (ward_portal/audit.py): requested, issued, subscriptions.
        from ward_portal import audit

        audit.register_app(self)
