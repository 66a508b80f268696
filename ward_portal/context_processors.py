from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (url name, label, who sees it). The apps fill these paths in; the paths are stable.
STAFF_NAV = [
    ("dashboard", _("Tổng quan"), "staff"),
    ("budget:index", _("Ngân sách"), "staff"),
    ("meetings:index", _("Cuộc họp"), "staff"),
    ("citizens:index", pgettext_lazy("navigation", "Phản ánh, kiến nghị"), "staff"),
    ("reports:index", pgettext_lazy("navigation", "Báo cáo"), "staff"),
    ("admin:index", _("Quản trị hệ thống"), "superuser"),
]
PUBLIC_NAV = [
    ("citizens_public:submit", _("Gửi phản ánh")),
    ("citizens_public:track", _("Tra cứu hồ sơ")),
    ("public:index", _("Công khai ngân sách")),
]


def _nav(request):
    user = request.user
    path = request.path
    if not user.is_authenticated:
        items = [(reverse(name), label) for name, label in PUBLIC_NAV]
    else:
        items = [
            (reverse(name), label)
            for name, label, who in STAFF_NAV
            if who == "staff" or (who == "superuser" and user.is_superuser)
        ]
    return [
        {"url": url, "label": label, "active": path.startswith(url) and url != "/"}
        for url, label in items
    ]


def _roles(request):
    if not request.user.is_authenticated:
        return []
    return list(request.user.roles.select_related("unit").order_by("unit__path"))


def portal(request):
    return {
        "nav_items": SimpleLazyObject(lambda: _nav(request)),
        "user_roles": SimpleLazyObject(lambda: _roles(request)),
    }
