"""The audit log: who created, changed, deleted, exported, downloaded or viewed what, when, in
which unit, with the fields before and after (`AuditEntry`, append-only in PostgreSQL).

- Changes are recorded from model signals for the models each app registers in its
  `AppConfig.ready()` (`register_app`), with the path from the model to its unit. Services stay
  as they are: every `save()` and `delete()` of a registered model is one entry, in the same
  transaction, so a rolled-back change leaves no entry. Other bulk writes and
  `QuerySet.update()` (claims, counters, search columns, an import's entries) send no signals
  and are not recorded.
- Exports, downloads and views of personal data are not saves: the view that serves them calls
  `record(...)` (one line). A business change made by a conditional UPDATE (superseding
  minutes, a citizen's rating) calls `record_change(...)`, and rows made by `bulk_create`
  (agenda and minutes items) are passed to `record_created(...)`.
- "Who" is the person of the current request (`AuditMiddleware`); a request without a logged-in
  person is the public; no request (a Celery task, a management command) is the system.
  `acting_as(user)` names a person outside a request.

The kernel names no app: apps register themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .access import units_seen_as_leader
from .models import AdministrativeUnit, AuditAction, AuditEntry, AuditSource, User

CREATE, UPDATE, STATE = AuditAction.CREATE, AuditAction.UPDATE, AuditAction.STATE
DELETE, EXPORT = AuditAction.DELETE, AuditAction.EXPORT
DOWNLOAD, VIEW = AuditAction.DOWNLOAD, AuditAction.VIEW

# A change of one of these fields is a state change (submitted → approved, pending → done).
STATE_FIELDS = {"state", "status"}
# Never copied into the log: only the fact that they changed.
SECRET_MARKERS = ("password", "token", "secret", "api_key")
HIDDEN = "***"

_request: ContextVar[Any] = ContextVar("audit_request", default=None)
_acting: ContextVar[User | None] = ContextVar("audit_acting", default=None)

# model → path from it to its unit ("unit", "meeting__host_unit", "self", or "" for none)
_registry: dict[type[models.Model], str] = {}
# model → fields kept out of the log like secrets (a citizen's name, phone, ID number)
_hidden: dict[type[models.Model], frozenset[str]] = {}
# model → fields not logged at all (derived: a unit's path)
_ignored: dict[type[models.Model], frozenset[str]] = {}
# models whose str() names a citizen: the log names them by number
_unnamed: set[type[models.Model]] = set()


# --- who ------------------------------------------------------------------------------------


class AuditMiddleware:
    """Remembers the request, so that entries written while it runs name its person. The user
    is read only when an entry is written: a page that changes nothing costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def acting_as(user: User | None) -> Iterator[None]:
    """Entries written inside are by `user` (a script working for a named person)."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def _who(user: User | None = None) -> tuple[User | None, str, str]:
    request = _request.get()
    user = user or _acting.get() or getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, (user.full_name or user.get_username())[:150], AuditSource.STAFF
    if request is not None:
        return None, "", AuditSource.PUBLIC
    return None, "", AuditSource.SYSTEM


# --- what -----------------------------------------------------------------------------------


def register(
    model: type[models.Model],
    *,
    unit: str = "unit",
    hidden=(),
    ignore=(),
    unnamed: bool = False,
) -> None:
    """Record every save and delete of `model`; `unit` is the path to its unit ("" for none);
    `hidden` fields are logged only as changed (personal data: the log is read by leaders who
    may not see it, Nghị định 13/2023); `ignore` fields (derived ones) are not logged at all;
    an `unnamed` model is described by its number, not
    its str() (which names a citizen)."""
    if not unit or unit == "self":
        path = unit
    elif not _path_exists(model, unit):
        raise ValueError(f"{model.__name__} has no {unit}")
    else:
        path = unit
    _registry[model] = path
    _hidden[model] = frozenset(hidden)
    _ignored[model] = frozenset(ignore)
    if unnamed:
        _unnamed.add(model)
    uid = f"audit:{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def register_app(
    config,
    *,
    units: dict[str, str] | None = None,
    hidden: dict[str, tuple[str, ...]] | None = None,
    ignore: dict[str, tuple[str, ...]] | None = None,
    unnamed: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> None:
    """Register every model of an app: its `unit` field if it has one, else the path given in
    `units` (model name → path); `hidden` and `ignore` (model name → fields) as in `register`;
    models named
    in `skip` (outboxes, logs of their own, caches) are left out."""
    units, hidden, ignore = units or {}, hidden or {}, ignore or {}
    for model in config.get_models():
        if model.__name__ in skip:
            continue
        default = "unit" if _path_exists(model, "unit") else ""
        register(
            model,
            unit=units.get(model.__name__, default),
            hidden=hidden.get(model.__name__, ()),
            ignore=ignore.get(model.__name__, ()),
            unnamed=model.__name__ in unnamed,
        )


def _path_exists(model: type[models.Model], path: str) -> bool:
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        if field.related_model is None:
            return False
        model = field.related_model
    return True


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.name.endswith("_folded")
        and not getattr(field, "auto_now", False)
        and field.name not in _ignored.get(model, ())
    ]


def _plain(field: models.Field, value: Any) -> Any:
    if field.name in _hidden.get(field.model, ()) or any(m in field.name for m in SECRET_MARKERS):
        return HIDDEN if value else ""
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _snapshot(instance: models.Model, fields: list[models.Field]) -> dict[str, Any]:
    return {f.attname: _plain(f, getattr(instance, f.attname)) for f in fields}


def _unit_id(instance: models.Model) -> int | None:
    path = _registry.get(type(instance), "")
    if path == "self":
        return instance.pk
    if not path:
        return None
    *hops, last = path.split("__")
    target: Any = instance
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def _describe(instance: models.Model) -> str:
    if type(instance) in _unnamed:
        return f"{instance._meta.verbose_name} #{instance.pk}"
    try:
        return str(instance)[:255]
    except ObjectDoesNotExist:  # a __str__ reading a parent already deleted
        return f"#{instance.pk}"


# --- reading --------------------------------------------------------------------------------


def may_read_log(user: User) -> bool:
    """Leaders (of any unit) and system administrators."""
    return user.is_superuser or units_seen_as_leader(user).exists()


def entries_visible_to(user: User) -> models.QuerySet[AuditEntry]:
    """A leader reads the entries of the units they see as a leader (theirs, those below, those
    their unit took over); a system administrator reads all, entries without a unit too."""
    entries = AuditEntry.objects.select_related("unit")
    if user.is_superuser:
        return entries
    return entries.filter(unit__in=units_seen_as_leader(user))


def object_types() -> list[tuple[str, str]]:
    """(label, name) of every registered model, for the search form."""
    return sorted(
        (
            (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
            for model in _registry
        ),
        key=lambda choice: choice[1],
    )


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_name(label: str) -> str:
    """A model's name for people ("Năm ngân sách"), from its label ("budget.fiscalyear")."""
    model = _model(label)
    return str(model._meta.verbose_name).capitalize() if model else label


def changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field name, before, after) of an entry, with the model's field names and choice labels;
    a new object's empty fields and its id are left out."""
    model = _model(entry.object_type)
    fields = {f.attname: f for f in model._meta.concrete_fields} if model else {}
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if entry.before is None and (key == "id" or new in (None, "")):
            continue
        field = fields.get(key)
        if field is not None and field.choices:
            labels = {str(value): label for value, label in field.flatchoices}
            old, new = labels.get(str(old), old), labels.get(str(new), new)
        rows.append((str(field.verbose_name) if field else key, old, new))
    return rows


# --- writing --------------------------------------------------------------------------------


def _write(
    action: str,
    *,
    object_type: str,
    object_id: Any,
    object_repr: str,
    unit_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    user: User | None = None,
) -> AuditEntry:
    actor, actor_name, source = _who(user)
    return AuditEntry.objects.create(
        source=source,
        actor=actor,
        actor_name=actor_name,
        unit_id=unit_id,
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr,
        before=before,
        after=after,
    )


def record(
    action: str,
    obj: models.Model,
    *,
    user: User | None = None,
    unit: AdministrativeUnit | int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Records an export, a download or a view of personal data of `obj`; `detail` (format,
    year, file) is kept as the entry's "after". The unit is `obj`'s registered unit unless
    given."""
    if isinstance(unit, AdministrativeUnit):
        unit = unit.pk
    if unit is None:
        unit = obj.pk if isinstance(obj, AdministrativeUnit) else _unit_id(obj)
    return _write(
        action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=_describe(obj),
        unit_id=unit,
        after=detail or None,
        user=user,
    )


def record_change(obj: models.Model, *, after: dict[str, Any], before: dict | None = None) -> None:
    """Records a change made by a conditional UPDATE (no signal is sent): `obj` as it was read,
    `after` the fields set. `before` defaults to `obj`'s values of those fields."""
    fields = {f.attname: f for f in _fields(type(obj)) if f.attname in after or f.name in after}
    if before is None:
        before = {key: _plain(field, getattr(obj, key)) for key, field in fields.items()}
    after = {f.attname: _plain(f, after.get(f.name, after.get(f.attname))) for f in fields.values()}
    keys = {k.removesuffix("_id") for k in after}
    _write(
        STATE if keys & STATE_FIELDS else UPDATE,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=_describe(obj),
        unit_id=_unit_id(obj),
        before=before,
        after=after,
    )


def record_created(objs: Iterable[models.Model]) -> None:
    """Records rows inserted by `bulk_create` (no signal is sent), in one query."""
    actor, actor_name, source = _who()
    entries = [
        AuditEntry(
            source=source,
            actor=actor,
            actor_name=actor_name,
            unit_id=_unit_id(obj),
            action=CREATE,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=_describe(obj),
            after=_snapshot(obj, _fields(type(obj))),
        )
        for obj in objs
        if type(obj) in _registry
    ]
    AuditEntry.objects.bulk_create(entries)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _fields(sender)
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if not fields:  # only derived or unlogged fields are saved
        instance._audit_before = {}
        return
    row = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields))
    old = row.first()
    if old is not None:
        by_name = {f.attname: f for f in fields}
        instance._audit_before = {k: _plain(by_name[k], v) for k, v in old.items()}


def _after_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before = instance.__dict__.pop("_audit_before", None)
    after = _snapshot(instance, _fields(sender))
    if created or before is None:
        action, before = CREATE, None
    else:
        changed = [k for k in before if k in after and before[k] != after[k]]
        if not changed:
            return
        action = STATE if {k.removesuffix("_id") for k in changed} & STATE_FIELDS else UPDATE
        before = {k: before[k] for k in changed}
        after = {k: after[k] for k in changed}
    _write(
        action,
        object_type=sender._meta.label_lower,
        object_id=instance.pk,
        object_repr=_describe(instance),
        unit_id=_unit_id(instance),
        before=before,
        after=after,
    )


def _before_delete(sender, instance, **kwargs) -> None:
    # Read everything now: in a cascade the parents the unit path goes through are deleted
    # before this object's post_delete is sent.
    instance._audit_deleting = (
        instance.pk,
        _snapshot(instance, _fields(sender)),
        _unit_id(instance),
        _describe(instance),
    )


def _after_delete(sender, instance, **kwargs) -> None:
    pending = instance.__dict__.pop("_audit_deleting", None)
    if pending is None:
        return
    pk, before, unit_id, description = pending
    _write(
        DELETE,
        object_type=sender._meta.label_lower,
        object_id=pk,
        object_repr=description,
        unit_id=unit_id,
        before=before,
    )
