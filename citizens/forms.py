"""Forms: the public feedback form (every field limited on the server) and the staff actions."""

from __future__ import annotations

import io
import re
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ward_portal.files import JPEG, MAX_PIXELS, PDF, PNG, check_image, sniff
from ward_portal.idempotency import IdempotencyKeyField
from ward_portal.inputs import Form, ModelForm
from ward_portal.models import AdministrativeUnit, UnitLevel, User

from .choices import KIND_HELP, Channel, Conclusion, Kind, ReceptionKind, Status
from .models import Petition, Reception, ReceptionEntry, Topic
from .services import UploadedDocument, check_submitter

MAX_FILES = 5
MAX_FILE_SIZE = 5 * 1024 * 1024
PHONE_RE = re.compile(r"^(\+84|0)[0-9]{8,10}$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def clean_upload(upload) -> UploadedDocument:
    """Type by content (magic bytes, Pillow), never by name; images re-encoded without
    metadata (EXIF, GPS)."""
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(_("Tệp “%(name)s” lớn hơn 5 MB.") % {"name": upload.name[:80]})
    data = upload.read(MAX_FILE_SIZE + 1)
    name = (upload.name or "tep")[-120:]
    content_type = sniff(data[:16])
    if content_type == PDF:
        return UploadedDocument(name=name, content=data, content_type=PDF)
    if content_type in (JPEG, PNG):
        check_image(io.BytesIO(data), name=name, max_pixels=MAX_PIXELS)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                out, fmt = _reencoded(data)
        except ValidationError:
            raise
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise ValidationError(
                _("Không đọc được ảnh “%(name)s”.") % {"name": name[:80]}
            ) from error
        content_type = JPEG if fmt == "JPEG" else PNG
        return UploadedDocument(name=name, content=out.getvalue(), content_type=content_type)
    raise ValidationError(
        _("Tệp “%(name)s” không phải ảnh JPEG, PNG hay tài liệu PDF.") % {"name": name[:80]}
    )


def _reencoded(data: bytes) -> tuple[io.BytesIO, str]:
    """The image again, without metadata (EXIF, GPS), and its format."""
    with Image.open(io.BytesIO(data)) as probe:
        probe.verify()
    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format
        if fmt not in ("JPEG", "PNG"):
            raise ValidationError(_("Ảnh phải là JPEG hoặc PNG."))
        image = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif fmt == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        # A fresh image without `exif=`/`pnginfo=`: no metadata is carried over.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        if fmt == "JPEG":
            clean.save(out, "JPEG", quality=85)
        else:
            clean.save(out, "PNG")
    return out, fmt


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Gửi tối đa %(n)s tệp.") % {"n": MAX_FILES})
        return [clean_upload(f) for f in files]


class KindRadio(forms.RadioSelect):
    option_template_name = "citizens/widgets/kind_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = KIND_HELP.get(value, "")
        return option


class PetitionFieldsMixin:
    """Rules by kind shared by the public and the staff forms (TT 05/2021)."""

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Số điện thoại không đúng (ví dụ 0903123456)."))
        return phone

    def check_kind_rules(self, cleaned):
        """The service's rule (services.check_submitter), shown next to the fields."""
        try:
            check_submitter(
                kind=cleaned.get("kind", ""),
                name=cleaned.get("name", ""),
                address=cleaned.get("address", ""),
                phone=cleaned.get("phone", ""),
                email=cleaned.get("email", ""),
                accept_as_report=bool(cleaned.get("accept_as_report")),
                channel=cleaned.get("channel") or Channel.ONLINE,
            )
        except ValidationError as error:
            self.add_error(None, error)


class PublicPetitionForm(PetitionFieldsMixin, Form):
    kind = forms.ChoiceField(
        label=_("Bạn muốn gửi"), choices=Kind.choices, widget=KindRadio, initial=Kind.FEEDBACK
    )
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Topic.objects.none(), empty_label=_("— Chọn lĩnh vực —")
    )
    unit = forms.ModelChoiceField(
        label=_("Phường, xã"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Chọn phường, xã —"),
        to_field_name="code",
    )
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=200,
        min_length=5,
        help_text=_("Một câu ngắn, ví dụ: “Bến xe dù trước số 12 Tôn Thất Đạm”."),
    )
    content = forms.CharField(
        label=_("Nội dung"),
        max_length=5000,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Việc gì, ở đâu, từ khi nào. Tối đa 5.000 ký tự."),
    )
    place = forms.CharField(label=_("Địa chỉ hoặc nơi xảy ra"), max_length=255, required=False)
    files = MultipleFileField(
        label=_("Ảnh, tài liệu"),
        required=False,
        help_text=_(
            "Ảnh JPEG, PNG hoặc tệp PDF; tối đa 5 tệp, mỗi tệp 5 MB. "
            "Vị trí GPS trong ảnh được xóa trước khi lưu."
        ),
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Nếu có, phường gửi xác nhận và kết quả qua thư."),
    )
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=255, required=False)
    id_number = forms.CharField(
        label=_("Số CCCD (nếu là đơn khiếu nại, tố cáo)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    accept_as_report = forms.BooleanField(
        label=_("Tôi không ghi danh tính: gửi như thông tin để phường kiểm tra"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để phường dùng họ tên, số điện thoại, thư điện tử và địa chỉ tôi "
            "ghi ở trên chỉ để giải quyết và trả lời việc này."
        ),
        required=True,
        error_messages={"required": _("Cần có sự đồng ý của bạn để phường xử lý thông tin.")},
    )
    # Hidden from people (CSS) and from assistive technology; bots fill it.
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Để trống ô này"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    idempotency_key = IdempotencyKeyField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(active=True)
        # The communes in force today: a code names one of them only (the new Phường Bến
        # Thành holds the old one's 26743). An ended ward's address leads to its successors.
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.in_force_on(timezone.localdate())
            .filter(level=UnitLevel.COMMUNE)
            .order_by("name")
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        if value and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", value):
            raise ValidationError(_("Số CCCD gồm 12 chữ số (CMND cũ 9 chữ số)."))
        return value

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Không gửi được biểu mẫu. Hãy thử lại."))
        return ""

    def clean(self):
        cleaned = super().clean()
        self.check_kind_rules(cleaned)
        return cleaned


class StaffPetitionForm(PetitionFieldsMixin, Form):
    """A petition received in person, by post or by hotline, entered by staff."""

    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[
            ("in_person", _("Trực tiếp (tiếp công dân)")),
            ("post", _("Bưu chính")),
            ("hotline", _("Đường dây nóng")),
            ("forwarded", _("Cơ quan khác chuyển đến")),
        ],
    )
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    topic = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Topic.objects.none())
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(label=_("Nội dung"), max_length=5000, widget=forms.Textarea)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=255, required=False)
    id_number = forms.CharField(label=_("Số CCCD"), max_length=12, required=False)
    accept_as_report = forms.BooleanField(
        label=_("Tố cáo nặc danh: tiếp nhận như thông tin"), required=False
    )
    consent = forms.BooleanField(
        label=_("Người dân đồng ý cho xử lý dữ liệu cá nhân"), required=False
    )
    files = MultipleFileField(label=_("Tài liệu"), required=False)
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(active=True)
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        self.check_kind_rules(cleaned)
        return cleaned


class ClassifyForm(Form):
    decision = forms.ChoiceField(
        label=_("Kết quả phân loại"),
        choices=[
            (Status.ACCEPTED, _("Thuộc thẩm quyền, thụ lý")),
            (Status.INELIGIBLE, _("Không đủ điều kiện xử lý")),
            (Status.FORWARDED, _("Không thuộc thẩm quyền, chuyển đơn")),
            (Status.SPLIT, _("Có nhiều nội dung, tách đơn")),
        ],
    )
    kind = forms.ChoiceField(label=_("Loại đơn (theo nội dung)"), choices=Kind.choices)
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    forwarded_to = forms.CharField(label=_("Cơ quan nhận chuyển"), max_length=255, required=False)


class SplitPartForm(Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    topic = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Topic.objects.all())
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(
        label=_("Nội dung phần tách"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(Form):
    handler = forms.ModelChoiceField(label=_("Người xử lý"), queryset=User.objects.none())
    note = forms.CharField(label=_("Ghi chú nội bộ"), max_length=1000, required=False)

    def __init__(self, *args, unit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = (
            User.objects.filter(roles__unit_id__in=list(unit_ids), is_active=True)
            .distinct()
            .order_by("full_name")
        )


class ResolveForm(Form):
    answer = forms.CharField(
        label=_("Trả lời người dân"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    conclusion = forms.ChoiceField(
        label=_("Kết luận (khiếu nại, tố cáo)"),
        choices=[("", "—"), *Conclusion.choices],
        required=False,
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(Form):
    text = forms.CharField(
        label=_("Ghi chú"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    public = forms.BooleanField(label=_("Người dân được xem ghi chú này"), required=False)


class MergeForm(Form):
    into = forms.IntegerField(widget=forms.HiddenInput)


class TrackForm(Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=30, help_text=_("Ví dụ: NTB-2026-000123")
    )
    phone = forms.CharField(label=_("Số điện thoại đã ghi khi gửi"), max_length=20)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class RatingForm(Form):
    satisfied = forms.TypedChoiceField(
        label=_("Bạn có hài lòng với cách giải quyết không?"),
        choices=[("1", _("Hài lòng")), ("0", _("Không hài lòng"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến thêm (không bắt buộc)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReceptionForm(ModelForm):
    idempotency_key = IdempotencyKeyField()

    class Meta:
        model = Reception
        fields = ["unit", "date", "kind", "receiver", "place", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["receiver"].queryset = User.objects.filter(
            roles__unit__in=units, is_active=True
        ).distinct()
        self.fields["kind"].choices = ReceptionKind.choices


class ReceptionEntryForm(ModelForm):
    create_petition = forms.BooleanField(
        label=_("Chuyển thành hồ sơ xử lý (kênh trực tiếp)"), required=False
    )
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices, required=False)
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Topic.objects.all(), required=False
    )
    idempotency_key = IdempotencyKeyField()

    class Meta:
        model = ReceptionEntry
        fields = [
            "citizen_name",
            "address",
            "id_number",
            "group_size",
            "representatives",
            "content",
            "prior_handling",
            "request",
            "documents",
            "handling",
            "first_time",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ["content", "prior_handling", "request", "handling"]
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create_petition") and not (cleaned.get("kind") and cleaned.get("topic")):
            raise ValidationError(_("Chọn loại đơn và lĩnh vực để tạo hồ sơ."))
        if cleaned.get("create_petition"):
            longest = Petition._meta.get_field("content").max_length
            text = (cleaned.get("content") or "") + "\n\n" + (cleaned.get("request") or "")
            if len(text) > longest:
                self.add_error(
                    "content",
                    _("Để tạo hồ sơ, nội dung và yêu cầu cộng lại dài tối đa %(n)s ký tự.")
                    % {"n": longest},
                )
        if (cleaned.get("group_size") or 1) >= 5 and not cleaned.get("representatives"):
            self.add_error("representatives", _("Đoàn từ 5 người trở lên cần ghi người đại diện."))
        return cleaned


# The form fields that petition_submit takes as they are, for the public and the staff form.
SUBMIT_FIELDS = (
    "unit", "kind", "topic", "title", "content", "place",
    "name", "phone", "email", "id_number", "address", "consent",
)  # fmt: skip


def submit_arguments(data: dict) -> dict:
    return {name: data[name] for name in SUBMIT_FIELDS} | {
        "documents": data["files"],
        "accept_as_report": bool(data.get("accept_as_report")),
    }
