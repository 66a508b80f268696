from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Ngân sách và chỉ tiêu")
    # Menu entries (ward_portal.context_processors): (position, URL name, label).
    staff_nav = [(20, "budget:index", _("Ngân sách"))]
    public_nav = [(30, "public:index", _("Công khai ngân sách"))]
