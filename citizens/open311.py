"""Open311 GeoReport v2 (JSON): https://wiki.open311.org/GeoReport_v2.

No personal data in any response: requests expose the code, topic, title, place, status and
dates only, and only feedback (phản ánh, kiến nghị): complaints and denunciations are never
listed. The title and place (and coordinates) are what the citizen wrote, so they appear only
once staff have accepted the petition (thụ lý, `PUBLISHED_STATUSES`); before that, and for one
turned away, forwarded or withdrawn, the request shows its code, topic, status and dates only.
The public form says so next to those fields. Status mapping:
received/accepted/assigned/in_progress → "open"; resolved, closed, ineligible, forwarded, split,
withdrawn → "closed".
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from ward_portal.models import AdministrativeUnit, UnitLevel
from ward_portal.units import successors, unit_for_code

from . import services
from .choices import OPEN_STATUSES, Kind, Status
from .models import Open311Client, Petition, Topic
from .throttle import limited

DEFAULT_WINDOW = timedelta(days=90)
MAX_DESCRIPTION = 4000


def _error(status: int, code: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": code, "description": description}], status=status, safe=False)


def _status(petition: Petition) -> str:
    return "open" if petition.status in OPEN_STATUSES else "closed"


# Statuses a petition reaches only through staff accepting it: its title and place are public.
PUBLISHED_STATUSES = [
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
    Status.CLOSED,
]
AWAITING_REVIEW = "The title and place are published once the ward accepts the request."


def _request_json(petition: Petition) -> dict:
    public_note = ""
    if petition.status not in OPEN_STATUSES:
        public_note = petition.get_status_display()
    published = petition.status in PUBLISHED_STATUSES
    return {
        "service_request_id": petition.code,
        "status": _status(petition),
        "status_notes": public_note,
        "service_name": petition.topic.name,
        "service_code": petition.topic.code,
        "description": petition.title if published else "",
        "agency_responsible": petition.unit.name,
        "service_notice": "" if published else AWAITING_REVIEW,
        "requested_datetime": petition.received_at.isoformat(),
        "updated_datetime": petition.updated_at.isoformat(),
        "expected_datetime": petition.due_date.isoformat() if petition.due_date else None,
        "address": petition.place if published else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(petition.latitude) if published and petition.latitude is not None else None,
        "long": float(petition.longitude) if published and petition.longitude is not None else None,
        "media_url": "",
    }


def _public_requests():
    return Petition.objects.filter(kind=Kind.FEEDBACK, duplicate_of__isnull=True).select_related(
        "unit", "topic"
    )


@require_GET
def discovery(request):
    base = settings.SITE_URL + "/open311/v2/"
    return JsonResponse(
        {
            "changeset": "2026-01-01T00:00:00Z",
            "contact": settings.DEFAULT_FROM_EMAIL,
            "key_service": "API keys are issued by the portal administrators.",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-01-01T00:00:00Z",
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@require_GET
def service_list(request):
    topics = Topic.objects.filter(active=True)
    return JsonResponse(
        [
            {
                "service_code": topic.code,
                "service_name": topic.name,
                "description": topic.description,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": "",
            }
            for topic in topics
        ],
        safe=False,
    )


@require_GET
def service_definition(request, service_code):
    topic = Topic.objects.filter(active=True, code=service_code).first()
    if topic is None:
        return _error(404, 404, "service_code not found")
    return JsonResponse({"service_code": topic.code, "attributes": []})


def _parse_dt(value: str | None):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@csrf_exempt
def requests_view(request):
    if request.method == "POST":
        return _create(request)
    if request.method != "GET":
        return _error(405, 405, "method not allowed")
    queryset = _public_requests()
    ids = request.GET.get("service_request_id")
    if ids:
        codes = [c.strip() for c in ids.split(",") if c.strip()][:100]
        return JsonResponse([_request_json(p) for p in queryset.filter(code__in=codes)], safe=False)
    try:
        end = _parse_dt(request.GET.get("end_date")) or timezone.now()
        start = _parse_dt(request.GET.get("start_date")) or end - DEFAULT_WINDOW
    except (ValueError, OverflowError):
        return _error(400, 400, "start_date and end_date must be w3c datetimes")
    if end - start > DEFAULT_WINDOW:
        start = end - DEFAULT_WINDOW
    queryset = queryset.filter(received_at__gte=start, received_at__lte=end)
    codes = request.GET.get("service_code")
    if codes:
        queryset = queryset.filter(topic__code__in=codes.split(","))
    status = request.GET.get("status")
    if status:
        wanted = set(status.split(","))
        if wanted == {"open"}:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif wanted == {"closed"}:
            queryset = queryset.exclude(status__in=OPEN_STATUSES)
    ward = request.GET.get("jurisdiction_id")
    if ward:
        # A code names a unit only with a date: the units that held it during the window (in
        # 2025, 26743 was the old Phường Bến Thành to 30/6 and the new one from 1/7).
        holders = AdministrativeUnit.objects.filter(code=ward[:5], level=UnitLevel.COMMUNE)
        queryset = queryset.filter(
            unit__in=holders.in_force(timezone.localdate(start), timezone.localdate(end))
        )
    rows = queryset.order_by("-received_at")[:1000]
    return JsonResponse([_request_json(p) for p in rows], safe=False)


@require_GET
def request_detail(request, code):
    petition = _public_requests().filter(code=code).first()
    if petition is None:
        return _error(404, 404, "service_request_id not found")
    return JsonResponse([_request_json(petition)], safe=False)


# Keys of different clients never meet: each client's key is hashed with the client's id.
IDEMPOTENCY_NAMESPACE = uuid.UUID("5b1f6c2e-8a43-4f0e-9d7a-0c3e2b9a7f11")


def _idempotency_key(request, client: Open311Client) -> uuid.UUID | None:
    """The client's key for this request (an `Idempotency-Key` header or an `idempotency_key`
    field, any text up to 255 characters): the same request sent twice with it makes one
    petition, and both answers name it. Without a key, the request's content and its
    two-minute slot are the key (`_content_key`)."""
    given = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key")
    if not given:
        return _content_key(request, client)
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{client.pk}:{given[:255]}")


REPEAT_WINDOW_SECONDS = 120


def _content_key(request, client: Open311Client, at=None) -> uuid.UUID:
    """Without a key, a request repeated by the same client within two minutes (a retry, a
    double tap in the client app) is the same request: the key is the request's content and
    its two-minute slot (`at`, default now)."""
    content = "\n".join(
        f"{name}={request.POST.get(name, '')}"
        for name in sorted(request.POST)
        if name not in ("api_key", "idempotency_key")
    )
    digest = hashlib.sha256(content.encode("utf-8", "replace")).hexdigest()
    slot = int((at or timezone.now()).timestamp()) // REPEAT_WINDOW_SECONDS
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{client.pk}:content:{digest}:{slot}")


def _recent_twin(request, client: Open311Client) -> Petition | None:
    """Without a key: the petition the same request made in the previous two-minute slot."""
    if request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key"):
        return None
    earlier = timezone.now() - timedelta(seconds=REPEAT_WINDOW_SECONDS)
    return Petition.objects.filter(idempotency_key=_content_key(request, client, earlier)).first()


def _create(request):
    # Every POST counts against its address (guessing keys included), then against its client.
    if limited(request, "open311-ip", "ip", settings.OPEN311_RATE_PER_IP):
        return _error(429, 429, "too many requests: try again later")
    data = request.POST
    if any("\x00" in value for values in data.lists() for value in values[1]):
        return _error(400, 400, "fields must not contain NUL characters")
    key = str(data.get("api_key", ""))[:64]
    client = Open311Client.objects.filter(api_key=key, active=True).first() if key else None
    if client is None or not constant_time_compare(client.api_key, key):
        return _error(403, 403, "invalid api_key")
    if limited(
        request, "open311-client", lambda *_: str(client.pk), settings.OPEN311_RATE_PER_CLIENT
    ):
        return _error(429, 429, "too many requests for this api_key: try again later")
    topic = Topic.objects.filter(active=True, code=str(data.get("service_code", ""))[:40]).first()
    if topic is None:
        return _error(400, 400, "service_code not found")
    description = str(data.get("description", "")).strip()
    if not (10 <= len(description) <= MAX_DESCRIPTION):
        return _error(400, 400, "description must be 10 to 4000 characters")
    ward_code = str(data.get("jurisdiction_id", ""))[:5]
    unit = unit_for_code(ward_code, level=UnitLevel.COMMUNE) if ward_code else client.unit
    if unit is None:
        return _error(400, 400, "jurisdiction_id (ward code) is required")
    if not unit.in_force_on(timezone.localdate()):
        heirs = ", ".join(f"{link.unit.code} ({link.unit.name})" for link in successors(unit))
        return _error(
            400,
            400,
            f"jurisdiction_id {unit.code} ({unit.name}) ended on {unit.valid_to:%d/%m/%Y}; "
            f"send the request to its successor: {heirs or 'none recorded'}",
        )
    lat = lon = None
    try:
        if data.get("lat") not in (None, "") or data.get("long") not in (None, ""):
            lat = Decimal(str(data.get("lat"))).quantize(Decimal("0.000001"))
            lon = Decimal(str(data.get("long"))).quantize(Decimal("0.000001"))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise InvalidOperation
    except (InvalidOperation, ValueError):
        return _error(400, 400, "lat and long must be decimal degrees")
    address = str(data.get("address_string", "")).strip()[:255]
    if lat is None and not address:
        return _error(400, 400, "a location (lat/long or address_string) is required")
    name = " ".join(
        p for p in [str(data.get("last_name", ""))[:60], str(data.get("first_name", ""))[:60]] if p
    ).strip()
    phone = "".join(ch for ch in str(data.get("phone", ""))[:20] if ch in "0123456789+")
    email = str(data.get("email", "")).strip()[:254]
    if (twin := _recent_twin(request, client)) is not None:
        return _created_answer(twin)
    try:
        petition, _created = services.petition_submit(
            unit=unit,
            kind=Kind.FEEDBACK,
            topic=topic,
            title=description.splitlines()[0][:120],
            content=description,
            place=address,
            name=name,
            phone=phone,
            email=email,
            consent=bool(name or phone or email),
            channel="open311",
            open311_client=client,
            latitude=lat,
            longitude=lon,
            idempotency_key=_idempotency_key(request, client),
        )
    except ValidationError as error:
        return _error(400, 400, "; ".join(error.messages)[:500])
    return _created_answer(petition)


def _created_answer(petition: Petition) -> JsonResponse:
    return JsonResponse(
        [{"service_request_id": petition.code, "service_notice": "", "account_id": None}],
        status=201,
        safe=False,
    )
