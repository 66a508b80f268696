from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# Each app declares its own menu entries on its AppConfig (`staff_nav`, `public_nav`:
# (position, URL name, label)); the kernel only collects them, so it names no app.
ADMIN_NAV = (90, "admin:index", _("Quản trị hệ thống"))


def _declared(attribute: str) -> list[tuple[int, str, str]]:
    entries = [e for config in apps.get_app_configs() for e in getattr(config, attribute, ())]
    return sorted(entries, key=lambda entry: entry[0])


def _nav(request):
    user = request.user
    path = request.path
    if not user.is_authenticated:
        entries = _declared("public_nav")
    else:
        entries = _declared("staff_nav") + ([ADMIN_NAV] if user.is_superuser else [])
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
    return {
        "nav_items": SimpleLazyObject(lambda: _nav(request)),
        "user_roles": SimpleLazyObject(lambda: _roles(request)),
    }
