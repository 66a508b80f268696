from django.db.models import QuerySet

from ward_portal.access import units_visible_to
from ward_portal.models import User

from .models import Report


def reports_visible_to(user: User) -> QuerySet[Report]:
    """Reports of the units the user may see: another unit's report is a 404."""
    return Report.objects.filter(unit__in=units_visible_to(user)).select_related(
        "unit", "requested_by"
    )
