"""The same form sent twice (a double tap, a browser resending after a timeout) makes one
record: the form carries a key made when it was shown (`IdempotencyKeyField`), the record
keeps it in a unique column, and the service creates through `once`, which answers a key
already used with the record it made, even when both requests arrive at the same moment.

    entry, created = once(
        Entry.objects.filter(recorded_by=user), idempotency_key, lambda: _create_entry(...)
    )

The model's column: `idempotency_key = models.UUIDField(null=True, blank=True, unique=True,
editable=False)`. No key (an old client, a script): every call creates.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class IdempotencyKeyField(forms.UUIDField):
    """A hidden key, new each time the empty form is shown (kept when it is shown again with
    its errors: the corrected form is the same submission)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        reload = gettext_lazy("Biểu mẫu không còn dùng được. Hãy tải lại trang rồi gửi lại.")
        kwargs.setdefault("error_messages", {"invalid": reload, "required": reload})
        super().__init__(**kwargs)


def once[M: models.Model](
    queryset: models.QuerySet[M], key: uuid.UUID | None, create: Callable[[], M]
) -> tuple[M, bool]:
    """(record, created): the record of `queryset` made with `key` before, or `create()`'s.
    `queryset` is what the acting person may get back (their own records): a key of someone
    else's record is refused, never answered with it. Call inside the service's transaction."""
    if key is None:
        return create(), True
    if (existing := queryset.filter(idempotency_key=key).first()) is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except (IntegrityError, ValidationError) as error:
        # A twin request committed the same key while this one was creating (seen by the save,
        # or by full_clean's uniqueness check): answer with its record, read again.
        if isinstance(error, ValidationError) and "idempotency_key" not in getattr(
            error, "error_dict", {}
        ):
            raise
        if (existing := queryset.filter(idempotency_key=key).first()) is not None:
            return existing, False
        if queryset.model._default_manager.filter(idempotency_key=key).exists():
            raise ValidationError(
                _("Biểu mẫu này đã được gửi. Hãy tải lại trang rồi nhập lại.")
            ) from None
        raise
