from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ward_portal.access import units_changeable_by, units_visible_to
from ward_portal.idempotency import IdempotencyKeyField
from ward_portal.inputs import Form, ModelForm
from ward_portal.models import User

from .choices import AttachmentKind, Attendance, ItemKind
from .models import AgendaItem, Meeting
from .services import MEETING_FIELDS

MAX_AGENDA_ITEMS = 50
MAX_VOTES = 32_767  # the column's limit (a small integer), far above any meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(ModelForm):
    participating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham dự"), queryset=None, required=False
    )
    agenda = forms.CharField(
        label=_("Chương trình (mỗi dòng một nội dung)"), widget=forms.Textarea, required=False
    )
    idempotency_key = IdempotencyKeyField()

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units_changeable_by(user)
        # Units in force today: the city's 168 communes, not every unit it ever had.
        self.fields["participating_units"].queryset = units_visible_to(user).in_force_on(
            timezone.localdate()
        )
        people = User.objects.filter(is_active=True, roles__unit__in=units_visible_to(user))
        self.fields["chair"].queryset = people.distinct()
        self.fields["secretary"].queryset = people.distinct()
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk:
            self.fields["participating_units"].initial = self.instance.participating_units.all()
            self.fields["agenda"].initial = "\n".join(
                self.instance.agenda_items.values_list("title", flat=True)
            )

    def clean_agenda(self):
        agenda = self.cleaned_data["agenda"]
        longest = AgendaItem._meta.get_field("title").max_length
        lines = [line for line in agenda.splitlines() if line.strip()]
        if len(lines) > MAX_AGENDA_ITEMS:
            raise ValidationError(
                _("Chương trình có tối đa %(n)s nội dung.") % {"n": MAX_AGENDA_ITEMS}
            )
        if any(len(line.strip()) > longest for line in lines):
            raise ValidationError(
                _("Mỗi nội dung của chương trình dài tối đa %(n)s ký tự.") % {"n": longest}
            )
        return agenda

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            # On the field, before the model's check (meeting_ends_after) says it in general.
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return cleaned


class AttendeeForm(Form):
    person = forms.ModelChoiceField(label=_("Cán bộ trên cổng"), queryset=None, required=False)
    name = forms.CharField(label=_("Họ và tên (khách mời)"), required=False, max_length=150)
    position = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), required=False, max_length=255)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(
            is_active=True, roles__unit__in=units_visible_to(user)
        ).distinct()


class AttendanceForm(Form):
    attendance = forms.ChoiceField(label=_("Tình trạng tham dự"), choices=Attendance.choices)


class AttachmentForm(Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Tệp (PDF, Word, Excel, PowerPoint, ảnh; tối đa 20 MB)"))


class MinutesItemForm(Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ItemKind.choices)
    speaker = forms.CharField(label=_("Người phát biểu"), required=False, max_length=150)
    speaker_position = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)
    text = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = forms.IntegerField(
        label=_("Tán thành"), required=False, min_value=0, max_value=MAX_VOTES
    )
    votes_against = forms.IntegerField(
        label=_("Không tán thành"), required=False, min_value=0, max_value=MAX_VOTES
    )
    votes_abstain = forms.IntegerField(
        label=_("Không biểu quyết"), required=False, min_value=0, max_value=MAX_VOTES
    )
    assignee_unit = forms.ModelChoiceField(
        label=_("Đơn vị thực hiện"), queryset=None, required=False
    )
    due_date = forms.DateField(
        label=_("Thời hạn"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_unit"].queryset = units


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, units=None, **kwargs):
        self.units = units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"units": self.units}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            units=self.units,
        )
        self.add_fields(form, None)
        return form


MinutesItemFormSet = forms.formset_factory(MinutesItemForm, formset=BaseItemFormSet, extra=3)


class NoteForm(Form):
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class CorrectionForm(Form):
    reason = forms.CharField(label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 2}))
