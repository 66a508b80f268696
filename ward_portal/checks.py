"""Deploy checks of our own (`manage.py check --deploy`), next to Django's security checks:
what Django cannot know is wrong for this portal in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_addresses(app_configs, **kwargs) -> list[Warning]:
    warnings = []
    if not settings.SITE_URL.startswith("https://"):
        warnings.append(
            Warning(
                "SITE_URL is not an https:// address.",
                hint="Links in emails and calendar feeds would send people to plain HTTP.",
                id="ward_portal.W001",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        warnings.append(
            Warning(
                "ALLOWED_HOSTS accepts any host ('*').",
                hint="List the portal's host names (e.g. phuong.example.vn).",
                id="ward_portal.W002",
            )
        )
    return warnings
