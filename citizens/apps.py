from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("Phản ánh, kiến nghị của người dân")
    staff_nav = [(40, "citizens:index", pgettext_lazy("navigation", "Phản ánh, kiến nghị"))]
    public_nav = [
        (10, "citizens_public:submit", _("Gửi phản ánh")),
        (20, "citizens_public:track", _("Tra cứu hồ sơ")),
    ]

    def ready(self):
        # Audit log (ward_portal/audit.py): a citizen's identity stays out of it (only that it
        # changed); PetitionEvent is the case's own history, Notification an outbox and
        # PersonalDataAccess the record of who saw personal data.
        from ward_portal import audit

        identity = ("name", "phone", "email", "id_number", "address", "search_text")
        audit.register_app(
            self,
            units={"PetitionAttachment": "petition__unit", "ReceptionEntry": "reception__unit"},
            hidden={
                "Petition": (*identity, "idempotency_key"),
                "ReceptionEntry": ("citizen_name", "address", "id_number", "representatives"),
                "PetitionAttachment": ("original_name",),  # a scan's name may name a person
            },
            unnamed=("ReceptionEntry", "PetitionAttachment"),
            skip=("PetitionEvent", "Notification", "PersonalDataAccess"),
        )
