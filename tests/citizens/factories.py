from datetime import datetime
from zoneinfo import ZoneInfo

from citizens import services
from citizens.models import Topic


def submit(unit, *, kind="feedback", topic=None, when=None, **fields):
    """A petition through the real service (deadline, first event, code)."""
    defaults = {
        "title": "Bến cóc xe dù trước chợ",
        "content": "Xe khách đón khách trước chợ Tôn Thất Đạm mỗi chiều gây kẹt xe.",
        "name": "Lê Văn Hùng",
        "phone": "0903123456",
        "email": "hung@example.vn",
        "address": "12 Tôn Thất Đạm",
        "consent": True,
    }
    defaults.update(fields)
    received_at = (
        datetime.combine(when, datetime.min.time().replace(hour=9), ZoneInfo("Asia/Ho_Chi_Minh"))
        if when
        else None
    )
    petition, _ = services.petition_submit(
        unit=unit,
        kind=kind,
        topic=topic or Topic.objects.get(code="trat-tu-do-thi"),
        received_at=received_at,
        **defaults,
    )
    return petition
