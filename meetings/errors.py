"""The one error of the meetings app: an illegal step, with a message for the user. Its pages
show it where the person came from (views._service_errors)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class MeetingError(ValidationError):
    """An illegal step, with a message for the user."""
