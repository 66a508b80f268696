"""The citizen's pages at /feedback/: no account, mobile-first, plain Vietnamese."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ward_portal.actions import run_service
from ward_portal.models import UnitLevel
from ward_portal.units import successors, unit_for_code

from . import services
from .choices import DONE_STATUSES, Kind
from .forms import (
    PublicPetitionForm,
    RatingForm,
    TrackForm,
    normalise_phone,
    submit_arguments,
)
from .models import Petition
from .selectors import public_events, second_instance
from .throttle import limited

TRACK_RATE = "20/h"


def _rate(which: str) -> str:
    # Read per request so that tests can change it.
    return getattr(settings, f"CITIZENS_RATE_PER_{which}")


def _phone_key(group, request):
    return normalise_phone(request.POST.get("phone", ""))[:20] or "none"


@never_cache
def submit(request, ward_code: str | None = None):
    ward_code = ward_code or request.GET.get("ward")
    ward = None
    if ward_code:
        ward = unit_for_code(ward_code, level=UnitLevel.COMMUNE)
        if ward is None and request.resolver_match.kwargs.get("ward_code"):
            raise Http404
        if ward is not None and not ward.in_force_on(timezone.localdate()):
            return _ward_ended(request, ward)
    if request.method == "POST":
        form = PublicPetitionForm(request.POST, request.FILES)
        over_limit = limited(request, "feedback-ip", "ip", _rate("IP"))
        if not over_limit and normalise_phone(request.POST.get("phone", "")):
            over_limit = limited(request, "feedback-phone", _phone_key, _rate("PHONE"))
        if over_limit:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Bạn đã gửi nhiều lần trong thời gian ngắn. Nội dung vẫn được giữ ở dưới; "
                    "xin thử lại sau ít phút hoặc gọi đường dây nóng của phường."
                ),
            )
            return render(
                request, "citizens/public/submit.html", {"form": form, "ward": ward}, status=429
            )
        response = run_service(
            request,
            form,
            lambda: services.petition_submit(
                **submit_arguments(form.cleaned_data),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )[0],
            success_url=lambda petition: reverse(
                "citizens_public:sent", args=[petition.code, petition.secret]
            ),
        )
        if response is not None:
            return response
        return render(
            request, "citizens/public/submit.html", {"form": form, "ward": ward}, status=400
        )
    form = PublicPetitionForm(initial={"unit": ward.code} if ward else {})
    return render(request, "citizens/public/submit.html", {"form": form, "ward": ward})


def _ward_ended(request, ward):
    """An old ward's address (printed on a poster, kept in a bookmark): petitions go to the
    communes that took it over. One successor: straight to its form; several: the citizen
    chooses where the matter is."""
    heirs = [link.unit for link in successors(ward) if link.unit.in_force_on(timezone.localdate())]
    if len(heirs) == 1:
        messages.info(
            request,
            _("%(old)s nay là %(new)s (từ %(day)s): phản ánh được gửi đến %(new)s.")
            % {
                "old": ward.name,
                "new": heirs[0].name,
                "day": f"{heirs[0].valid_from or ward.valid_to:%d/%m/%Y}",
            },
        )
        return redirect("citizens_public:submit_ward", ward_code=heirs[0].code)
    return render(request, "citizens/public/ward_ended.html", {"ward": ward, "heirs": heirs})


def _by_secret(code: str, secret: str) -> Petition:
    petition = get_object_or_404(Petition.objects.select_related("unit", "topic"), code=code)
    if not constant_time_compare(petition.secret, secret):
        raise Http404
    return petition


@never_cache
def sent(request, code, secret):
    petition = _by_secret(code, secret)
    return render(request, "citizens/public/sent.html", {"petition": petition})


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if limited(request, "track-ip", "ip", TRACK_RATE):
            form.is_valid()
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Xin thử lại sau."))
            return render(request, "citizens/public/track.html", {"form": form}, status=429)
        if form.is_valid():
            petition = Petition.objects.filter(code=form.cleaned_data["code"]).first()
            if (
                petition
                and petition.phone
                and form.cleaned_data["phone"]
                and constant_time_compare(petition.phone, form.cleaned_data["phone"])
            ):
                return redirect("citizens_public:case", code=petition.code, secret=petition.secret)
            form.add_error(None, _("Không tìm thấy hồ sơ với mã và số điện thoại này."))
    return render(request, "citizens/public/track.html", {"form": form})


@never_cache
def case(request, code, secret):
    petition = _by_secret(code, secret)
    can_rate = (
        petition.status in DONE_STATUSES
        and petition.rated_at is None
        and petition.resolved_on is not None
        and petition.duplicate_of_id is None
    )
    form = RatingForm(request.POST or None) if can_rate else None
    if request.method == "POST":
        if form is not None and form.is_valid():
            services.petition_rate(
                petition=petition,
                satisfied=form.cleaned_data["satisfied"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
            return redirect("citizens_public:case", code=code, secret=secret)
        if form is None:
            messages.error(request, _("Hồ sơ này không thể đánh giá lúc này."))
            return redirect("citizens_public:case", code=code, secret=secret)
    return render(
        request,
        "citizens/public/case.html",
        {
            "petition": petition,
            "events": public_events(petition),
            "rating_form": form,
            "is_denunciation": petition.kind == Kind.DENUNCIATION,
            "second_instance": second_instance(petition),
        },
    )
