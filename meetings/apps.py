from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Cuộc họp và nhiệm vụ")
    staff_nav = [(30, "meetings:index", _("Cuộc họp"))]

    def ready(self):
        # Audit log (ward_portal/audit.py); a calendar feed is a person's secret address.
        from ward_portal import audit

        of_meeting = "meeting__host_unit"
        audit.register_app(
            self,
            units={
                "Meeting": "host_unit",
                **dict.fromkeys(
                    ["AgendaItem", "Attendee", "MeetingAttachment", "Minutes", "Task"], of_meeting
                ),
                "ConclusionNotice": of_meeting,
                "MinutesItem": "minutes__meeting__host_unit",
                "TaskUpdate": "task__meeting__host_unit",
            },
            skip=("CalendarFeed",),
        )
