"""Staff pages at /citizens/: list, detail, actions, in-person entry, receptions, statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ward_portal import audit
from ward_portal.access import units_changeable_by, units_visible_to
from ward_portal.actions import run_service
from ward_portal.calendars import WorkingCalendar
from ward_portal.inputs import year_bounds
from ward_portal.periods import standing_day, standing_label
from ward_portal.tables import ScopedTableView

from . import permissions, services
from .choices import DONE_STATUSES, OPEN_STATUSES, Channel, Kind, Status
from .filters import PetitionFilter, ReceptionFilter
from .forms import (
    AssignForm,
    ClassifyForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    ReceptionEntryForm,
    ReceptionForm,
    ResolveForm,
    SplitPartForm,
    StaffPetitionForm,
    submit_arguments,
)
from .models import AnswerTemplate, PersonalDataAccess, PetitionAttachment
from .privacy import mask_email, mask_phone, mask_text, masked_name
from .selectors import (
    led_unit_ids,
    may_see_personal_data,
    petition_figures_by_unit,
    petitions_visible_to,
    receptions_visible_to,
    second_instance,
    similar_petitions,
)
from .tables import PetitionTable, ReceptionTable


@method_decorator(login_required, name="dispatch")
class PetitionListView(ScopedTableView):
    selector = staticmethod(petitions_visible_to)
    table_class = PetitionTable
    filterset_class = PetitionFilter
    template_name = "citizens/petition_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changeable = units_changeable_by(self.request.user)
        context["can_change"] = changeable.exists()
        context["assign_form"] = AssignForm(unit_ids=changeable.values_list("pk", flat=True))
        return context


petition_list = PetitionListView.as_view()


def _get(user, pk):
    return get_object_or_404(petitions_visible_to(user), pk=pk)


def _personal(petition, visible: bool) -> dict:
    if visible:
        return {
            "name": petition.name,
            "phone": petition.phone,
            "email": petition.email,
            "id_number": petition.id_number,
            "address": petition.address,
        }
    hide_name = petition.kind == Kind.DENUNCIATION
    return {
        "name": mask_text(petition.name) if hide_name else masked_name(petition.name),
        "phone": mask_phone(petition.phone),
        "email": mask_email(petition.email),
        "id_number": mask_text(petition.id_number),
        "address": mask_text(petition.address),
    }


@login_required
def petition_detail(request, pk):
    petition = _get(request.user, pk)
    leads = led_unit_ids(request.user)
    can_see = may_see_personal_data(request.user, petition, leads)
    attachments = list(petition.attachments.all())
    has_personal = any(
        [petition.name, petition.phone, petition.email, petition.id_number, petition.address]
    )
    if can_see and (has_personal or attachments):
        PersonalDataAccess.objects.create(petition=petition, user=request.user, purpose="detail")
        audit.record(audit.VIEW, petition, purpose="detail")
    can_change = permissions.can_change_petition(request.user, petition)
    today = timezone.localdate()
    days_left = None
    if petition.due_date and petition.status in OPEN_STATUSES:
        days_left = WorkingCalendar().working_days_between(today, petition.due_date)
    unit_ids = [petition.unit_id]
    context = {
        "petition": petition,
        "personal": _personal(petition, can_see),
        "personal_visible": can_see,
        "events": petition.events.select_related("actor"),
        "attachments": attachments,
        "can_change": can_change,
        "can_assign": can_change and permissions.can_assign_petition(request.user, petition),
        "days_left": days_left,
        "second_instance": second_instance(petition),
        "split_parts": list(petition.split_parts.only("pk", "code"))
        if petition.status == Status.SPLIT
        else [],
        "duplicates": similar_petitions(petition) if petition.status in OPEN_STATUSES else [],
        "open_statuses": OPEN_STATUSES,
        "done_statuses": DONE_STATUSES,
        "Status": Status,
    }
    if can_change:
        context |= {
            "classify_form": ClassifyForm(initial={"kind": petition.kind}),
            "assign_form": AssignForm(unit_ids=unit_ids, initial={"handler": petition.handler_id}),
            "resolve_form": ResolveForm(),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
            "split_form": SplitPartForm(
                initial={"kind": petition.kind, "topic": petition.topic_id}
            ),
            "templates": AnswerTemplate.objects.filter(topic__in=[petition.topic_id, None])
            if petition.topic_id
            else AnswerTemplate.objects.all(),
        }
    return render(request, "citizens/petition_detail.html", context)


def _as_is(request, data: dict) -> dict:
    return data


def _merge_into(request, data: dict) -> dict:
    return {"into": _get(request.user, data["into"])}


def _saved(result) -> str:
    return _("Đã lưu.")


def _petition_created(petition) -> str:
    return _("Đã tạo hồ sơ %(code)s.") % {"code": petition.code}


class Action(NamedTuple):
    """A step on the petition's page: its form (None for a plain button), its service, the
    service's arguments besides the petition and the user (from the form's cleaned data), and
    the message once done."""

    form: type[forms.Form] | None
    service: Callable[..., Any]
    arguments: Callable[[HttpRequest, dict], dict] = _as_is
    message: Callable[[Any], str] = _saved


ACTIONS = {
    "classify": Action(ClassifyForm, services.petition_classify),
    "assign": Action(AssignForm, services.petition_assign),
    "start": Action(None, services.petition_start),
    "resolve": Action(ResolveForm, services.petition_resolve),
    "close": Action(None, services.petition_close),
    "withdraw": Action(ReasonForm, services.petition_withdraw),
    "reopen": Action(ReasonForm, services.petition_reopen),
    "extend": Action(ReasonForm, services.petition_extend),
    "note": Action(NoteForm, services.petition_add_note),
    "merge": Action(MergeForm, services.petition_merge, _merge_into),
    "split_part": Action(SplitPartForm, services.petition_split_part, message=_petition_created),
}


@login_required
@require_POST
def petition_action(request, pk, action):
    petition = _get(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    form = None
    if step.form is not None:
        kwargs = {"unit_ids": [petition.unit_id]} if step.form is AssignForm else {}
        form = step.form(request.POST, **kwargs)

    def run():
        data = form.cleaned_data if form is not None else {}
        return step.service(petition=petition, user=request.user, **step.arguments(request, data))

    detail = reverse("citizens:detail", args=[pk])
    return run_service(
        request, form, run, success_url=detail, success_message=step.message, error_url=detail
    )


@login_required
@require_POST
def bulk_assign(request):
    changeable = units_changeable_by(request.user)
    form = AssignForm(request.POST, unit_ids=changeable.values_list("pk", flat=True))
    ids = [int(v) for v in request.POST.getlist("petitions") if v.isascii() and v.isdigit()][:200]
    if not form.is_valid() or not ids:
        messages.error(request, _("Chọn hồ sơ và người xử lý."))
        return redirect("citizens:index")
    done, failed = 0, 0
    for petition in petitions_visible_to(request.user).filter(pk__in=ids):
        try:
            services.petition_assign(
                petition=petition, user=request.user, handler=form.cleaned_data["handler"]
            )
            done += 1
        except (ValidationError, PermissionDenied):
            failed += 1
    messages.success(
        request,
        _("Đã giao %(done)s hồ sơ; %(failed)s hồ sơ không giao được.")
        % {"done": done, "failed": failed},
    )
    return redirect("citizens:index")


@login_required
def petition_create(request):
    units = units_changeable_by(request.user)
    if not units.exists():
        raise PermissionDenied
    form = StaffPetitionForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": units.first(), "channel": Channel.IN_PERSON},
    )
    if request.method == "POST":
        response = run_service(
            request,
            form,
            lambda: services.petition_submit(
                **submit_arguments(form.cleaned_data),
                channel=form.cleaned_data["channel"],
                user=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )[0],
            success_url=lambda petition: reverse("citizens:detail", args=[petition.pk]),
            success_message=_petition_created,
        )
        if response is not None:
            return response
    return render(request, "citizens/petition_form.html", {"form": form})


@login_required
def attachment_download(request, pk, attachment_pk):
    """An attachment is personal data (a photo of a house, an ID card): only those who see the
    petitioner's contact details open it, and each opening is logged. Others know there are N
    files (the petition's page) but get a 404 here, as for another unit's file."""
    petition = _get(request.user, pk)
    if not may_see_personal_data(request.user, petition, led_unit_ids(request.user)):
        raise Http404
    attachment = get_object_or_404(PetitionAttachment, petition=petition, pk=attachment_pk)
    PersonalDataAccess.objects.create(
        petition=petition, user=request.user, purpose=f"attachment {attachment.pk}"
    )
    audit.record(audit.VIEW, attachment)
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )


@login_required
def statistics(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    # The communes that existed during the year (in 2025 the old wards and the new communes).
    units = list(units_visible_to(request.user).filter(level="commune").in_force(start, end))
    figures = petition_figures_by_unit(
        unit_ids=[u.pk for u in units], start=start, end=end, today=today
    )
    rows = [(unit, figures[unit.pk]) for unit in units]
    return render(
        request,
        "citizens/statistics.html",
        {
            "rows": rows,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            # Open and overdue as the cases stood at the end of the year (today while it runs).
            "as_of": standing_day(end, today),
            "standing": standing_label(end, today),
        },
    )


# --- reception book -------------------------------------------------------------------------


@method_decorator(login_required, name="dispatch")
class ReceptionListView(ScopedTableView):
    selector = staticmethod(receptions_visible_to)
    table_class = ReceptionTable
    filterset_class = ReceptionFilter
    template_name = "citizens/reception_list.html"


reception_list = ReceptionListView.as_view()


@login_required
def reception_create(request):
    units = units_changeable_by(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ReceptionForm(
        request.POST or None,
        units=units,
        initial={"unit": units.first(), "date": timezone.localdate(), "receiver": request.user},
    )
    if request.method == "POST":
        response = run_service(
            request,
            form,
            lambda: services.reception_create(user=request.user, **form.cleaned_data),
            success_url=lambda reception: reverse("citizens:reception_detail", args=[reception.pk]),
        )
        if response is not None:
            return response
    return render(request, "citizens/reception_form.html", {"form": form})


@login_required
def reception_detail(request, pk):
    reception = get_object_or_404(receptions_visible_to(request.user), pk=pk)
    can_change = permissions.can_keep_reception_book(request.user, reception.unit_id)
    form = ReceptionEntryForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        response = run_service(
            request,
            form,
            lambda: services.reception_entry_add(
                user=request.user, reception=reception, **form.cleaned_data
            ),
            success_url=reverse("citizens:reception_detail", args=[pk]),
            success_message=_("Đã ghi vào sổ."),
        )
        if response is not None:
            return response
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    entries = list(reception.entries.select_related("petition"))
    if entries:  # the page names the citizens received
        audit.record(audit.VIEW, reception, purpose="reception")
    return render(
        request,
        "citizens/reception_detail.html",
        {
            "reception": reception,
            "entries": entries,
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
def reception_export(request):
    from .exports import reception_book_xlsx

    units = units_visible_to(request.user)
    first, last = year_bounds()
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if not first <= year <= last:
        raise Http404  # a typed address: no book of the year 99999
    unit_id = request.GET.get("unit", "")
    is_number = unit_id.isascii() and unit_id.isdigit()
    unit = get_object_or_404(units, pk=unit_id) if is_number else None
    if unit is None:
        unit = units_changeable_by(request.user).first() or units.first()
        if unit is None:
            raise Http404
    content = reception_book_xlsx(unit=unit, year=year)
    audit.record(audit.EXPORT, unit, year=year, book="reception")
    response = FileResponse(
        iter([content]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        filename=f"so-tiep-cong-dan-{unit.dated_code}-{year}.xlsx",
    )
    return response
