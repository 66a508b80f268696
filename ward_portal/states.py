"""The one guard every state transition goes through.

A service locks its row, then asks `require_state` whether the action may start from the state
in the database; a refusal is a ValidationError that names the action and the current state in
words, so the person sees why, never a code.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def require_state(
    obj: models.Model,
    allowed: Iterable[str],
    *,
    action: str = "",
    field: str = "status",
    message: str | None = None,
    error_class: type[Exception] = ValidationError,
) -> None:
    """Raises unless `obj.<field>` is one of `allowed`. `action` is a verb phrase ("tiếp nhận",
    "phê duyệt") for the standard sentence; `message` replaces that sentence where a rule needs
    its own words (then no action is needed)."""
    if message is None and not action:
        raise TypeError("require_state needs an action or a message")
    current = getattr(obj, field)
    if current in set(allowed):
        return
    if message is None:
        display = getattr(obj, f"get_{field}_display", lambda: current)()
        message = _("Không thể %(action)s khi đang ở trạng thái “%(state)s”.") % {
            "action": action,
            "state": display,
        }
    raise error_class(message)
