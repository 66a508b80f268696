from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .models import Role

# Each app declares its own menu entries on its AppConfig (`staff_nav`, `public_nav`:
# (position, URL name, label)); the kernel only collects them, so it names no app.
ADMIN_NAV = (90, "admin:index", _("Quản trị hệ thống"))
# The audit log (ward_portal/audit.py), for leaders and administrators: read from the roles
# the header lists anyway, so it costs no query of its own.
AUDIT_NAV = (85, "audit", _("Nhật ký thao tác"))


def _declared(attribute: str) -> list[tuple[int, str, str]]:
    entries = [e for config in apps.get_app_configs() for e in getattr(config, attribute, ())]
    return sorted(entries, key=lambda entry: entry[0])


def _nav(request, roles):
    user = request.user
    path = request.path
    if not user.is_authenticated:
        entries = _declared("public_nav")
    else:
        entries = _declared("staff_nav") + ([ADMIN_NAV] if user.is_superuser else [])
        if user.is_superuser or any(role.role == Role.LEADER for role in roles):
            entries = sorted([*entries, AUDIT_NAV], key=lambda entry: entry[0])
    items = [(reverse(name), label) for _position, name, label in entries]
    return [
        {"url": url, "label": label, "active": path.startswith(url) and url != "/"}
        for url, label in items
    ]


def _roles(request):
    if not request.user.is_authenticated:
        return []
    return list(request.user.roles.select_related("unit").order_by("unit__path"))


def portal(request):
    roles = SimpleLazyObject(lambda: _roles(request))
    return {
        "nav_items": SimpleLazyObject(lambda: _nav(request, roles)),
        "user_roles": roles,
    }
