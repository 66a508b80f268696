from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("Phản ánh, kiến nghị của người dân")
    staff_nav = [(40, "citizens:index", pgettext_lazy("navigation", "Phản ánh, kiến nghị"))]
    public_nav = [
        (10, "citizens_public:submit", _("Gửi phản ánh")),
        (20, "citizens_public:track", _("Tra cứu hồ sơ")),
    ]
