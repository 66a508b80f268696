"""Staff pages at /citizens/: list, detail, actions, in-person entry, receptions, statistics."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ward_portal.access import units_changeable_by, units_visible_to
from ward_portal.calendars import WorkingCalendar
from ward_portal.tables import ScopedTableView

from . import services
from .choices import DONE_STATUSES, OPEN_STATUSES, Channel, Kind, Status
from .filters import PetitionFilter
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
    similar_petitions,
)
from .tables import PetitionTable


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
    has_personal = any(
        [petition.name, petition.phone, petition.email, petition.id_number, petition.address]
    )
    if can_see and has_personal:
        PersonalDataAccess.objects.create(petition=petition, user=request.user, purpose="detail")
    can_change = units_changeable_by(request.user).filter(pk=petition.unit_id).exists()
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
        "attachments": petition.attachments.all(),
        "can_change": can_change,
        "days_left": days_left,
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


ACTIONS = {
    "classify": ClassifyForm,
    "assign": AssignForm,
    "start": None,
    "resolve": ResolveForm,
    "close": None,
    "withdraw": ReasonForm,
    "reopen": ReasonForm,
    "extend": ReasonForm,
    "note": NoteForm,
    "merge": MergeForm,
    "split_part": SplitPartForm,
}


@login_required
@require_POST
def petition_action(request, pk, action):
    petition = _get(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form_class = ACTIONS[action]
    kwargs = {"unit_ids": [petition.unit_id]} if form_class is AssignForm else {}
    form = form_class(request.POST, **kwargs) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("citizens:detail", pk=pk)
    data = form.cleaned_data if form else {}
    user = request.user
    try:
        if action == "classify":
            services.petition_classify(petition=petition, actor=user, **data)
        elif action == "assign":
            services.petition_assign(
                petition=petition, actor=user, handler=data["handler"], note=data.get("note", "")
            )
        elif action == "start":
            services.petition_start(petition=petition, actor=user)
        elif action == "resolve":
            services.petition_resolve(petition=petition, actor=user, **data)
        elif action == "close":
            services.petition_close(petition=petition, actor=user)
        elif action == "withdraw":
            services.petition_withdraw(petition=petition, actor=user, reason=data["reason"])
        elif action == "reopen":
            services.petition_reopen(petition=petition, actor=user, reason=data["reason"])
        elif action == "extend":
            services.petition_extend(petition=petition, actor=user, reason=data["reason"])
        elif action == "note":
            services.petition_add_note(petition=petition, actor=user, **data)
        elif action == "split_part":
            part = services.petition_split_part(petition=petition, actor=user, **data)
            messages.success(request, _("Đã tạo hồ sơ %(code)s.") % {"code": part.code})
            return redirect("citizens:detail", pk=pk)
        elif action == "merge":
            into = _get(user, data["into"])
            services.petition_merge(petition=petition, into=into, actor=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu."))
    return redirect("citizens:detail", pk=pk)


@login_required
@require_POST
def bulk_assign(request):
    changeable = units_changeable_by(request.user)
    form = AssignForm(request.POST, unit_ids=changeable.values_list("pk", flat=True))
    ids = [int(v) for v in request.POST.getlist("petitions") if v.isdigit()][:200]
    if not form.is_valid() or not ids:
        messages.error(request, _("Chọn hồ sơ và người xử lý."))
        return redirect("citizens:index")
    done, failed = 0, 0
    for petition in petitions_visible_to(request.user).filter(pk__in=ids):
        try:
            services.petition_assign(
                petition=petition, actor=request.user, handler=form.cleaned_data["handler"]
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        petition, _created = services.petition_submit(
            **submit_arguments(data), channel=data["channel"], actor=request.user
        )
        messages.success(request, _("Đã tạo hồ sơ %(code)s.") % {"code": petition.code})
        return redirect("citizens:detail", pk=petition.pk)
    return render(request, "citizens/petition_form.html", {"form": form})


@login_required
def attachment_download(request, pk, attachment_pk):
    petition = _get(request.user, pk)
    attachment = get_object_or_404(PetitionAttachment, petition=petition, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )


@login_required
def statistics(request):
    units = list(units_visible_to(request.user).filter(level="commune"))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    figures = petition_figures_by_unit(
        unit_ids=[u.pk for u in units], start=start, end=end, today=today
    )
    rows = [(unit, figures[unit.pk]) for unit in units]
    return render(
        request,
        "citizens/statistics.html",
        {"rows": rows, "year": year, "years": range(today.year, today.year - 5, -1)},
    )


# --- reception book -------------------------------------------------------------------------


@login_required
def reception_list(request):
    receptions = receptions_visible_to(request.user).order_by("-date", "-pk")[:200]
    return render(request, "citizens/reception_list.html", {"receptions": receptions})


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
    if request.method == "POST" and form.is_valid():
        reception = form.save()
        return redirect("citizens:reception_detail", pk=reception.pk)
    return render(request, "citizens/reception_form.html", {"form": form})


@login_required
def reception_detail(request, pk):
    reception = get_object_or_404(receptions_visible_to(request.user), pk=pk)
    can_change = units_changeable_by(request.user).filter(pk=reception.unit_id).exists()
    form = ReceptionEntryForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.reception = reception
                entry.number = (reception.entries.count() or 0) + 1
                data = form.cleaned_data
                if data["create_petition"]:
                    petition, _c = services.petition_submit(
                        unit=reception.unit,
                        kind=data["kind"],
                        topic=data["topic"],
                        title=entry.content[:120],
                        content=entry.content + (f"\n\n{entry.request}" if entry.request else ""),
                        name=entry.citizen_name,
                        address=entry.address,
                        id_number=entry.id_number,
                        consent=True,
                        channel=Channel.IN_PERSON,
                        actor=request.user,
                    )
                    entry.petition = petition
                entry.save()
            messages.success(request, _("Đã ghi vào sổ."))
            return redirect("citizens:reception_detail", pk=pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "citizens/reception_detail.html",
        {
            "reception": reception,
            "entries": reception.entries.select_related("petition"),
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
def reception_export(request):
    from .exports import reception_book_xlsx

    units = units_visible_to(request.user)
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    unit_id = request.GET.get("unit")
    unit = get_object_or_404(units, pk=unit_id) if unit_id and unit_id.isdigit() else None
    if unit is None:
        unit = units_changeable_by(request.user).first() or units.first()
        if unit is None:
            raise Http404
    content = reception_book_xlsx(unit=unit, year=year)
    response = FileResponse(
        iter([content]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        filename=f"so-tiep-cong-dan-{unit.code}-{year}.xlsx",
    )
    return response
