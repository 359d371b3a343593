from django import forms
from django.contrib.auth import get_user_model

from drafts.models import Review, Speech

# Django's zh-hans catalogue keeps the ASCII colon after labels.
LABEL_SUFFIX = "："
# Past this many revisions a list is too long to read: a number box instead.
MAX_LISTED_REVISIONS = 100


def revision_number_field(label: str, speech, *, required: bool = True):
    """Return a field choosing one of *speech*'s revisions by number. Numbers
    run 1..revision_count without gaps, so no query lists them."""
    count = speech.revision_count
    if count > MAX_LISTED_REVISIONS:
        return forms.IntegerField(
            label=label, required=required, min_value=1, max_value=count
        )
    choices = [(n, f"第{n}版") for n in range(count, 0, -1)]
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        required=required,
        empty_value=None,
        widget=forms.Select if count else forms.HiddenInput,
    )


class SpeechForm(forms.ModelForm):
    slug = forms.CharField(
        label="短名",
        max_length=180,
        required=False,
        help_text="用于网址，留空则由标题生成。",
    )

    class Meta:
        model = Speech
        fields = ["title", "slug", "occasion", "description"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class UploadForm(forms.Form):
    """One new revision: pasted text or a file, on a chosen base revision."""

    text = forms.CharField(
        label="粘贴正文",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    file = forms.FileField(
        label="或选择文件（.txt / .docx）",
        required=False,
        help_text="文本文件可为 UTF-8、GB18030/GBK、UTF-16 或 Big5 编码。",
    )
    note = forms.CharField(
        label="修改说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_stale_base = forms.BooleanField(
        label="我已知晓基准版本不是最新版本，仍在其基础上上传", required=False
    )

    def __init__(self, *args, speech, too_large: str = "", **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        # Set when the server dropped an oversized file as it streamed in:
        # that, not a missing file, is what the user needs to hear.
        self.too_large = too_large
        self.fields["base"] = revision_number_field("基准版本", speech, required=False)
        # Keep the form's field order: the base comes after the file.
        self.order_fields(["text", "file", "base", "note", "confirm_stale_base"])

    def clean(self):
        cleaned = super().clean()
        has_text = bool((cleaned.get("text") or "").strip())
        has_file = cleaned.get("file") is not None
        if has_text and has_file:
            raise forms.ValidationError(
                "请只选择一种方式：粘贴正文或上传文件。", code="both"
            )
        if self.too_large:
            self.add_error("file", self.too_large)
        elif not has_text and not has_file and not self.errors:
            raise forms.ValidationError("请粘贴正文或选择一个文件。", code="empty")
        return cleaned


class ReviewForm(forms.Form):
    """One review decision on a revision, with its note."""

    decision = forms.ChoiceField(choices=Review.Decision.choices)
    note = forms.CharField(
        label="意见",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    """A comment (批注) on one paragraph; *paragraph* is 0-based."""

    paragraph = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(
        label="批注",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "批注内容不能为空。"},
    )


class CommentResolveForm(forms.Form):
    is_resolved = forms.TypedChoiceField(
        choices=[("1", "解决"), ("0", "重新打开")],
        coerce=lambda value: value == "1",
    )


class IndexListField(forms.Field):
    """Every value a checkbox group posted under one name, as integers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(
                "所选问题无效，请刷新页面后重试。", code="bad_index"
            ) from None


class FixesForm(forms.Form):
    """The mechanical proofreading findings chosen for fixing."""

    chosen = IndexListField(required=False)


class MemberAddForm(forms.Form):
    """A user to add to a speech's members, chosen among those not in yet."""

    user = forms.ModelChoiceField(
        label="添加成员",
        queryset=None,
        empty_label="选择用户…",
        error_messages={"invalid_choice": "所选用户不存在或已是成员。"},
    )

    def __init__(self, *args, speech, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(memberships__speech=speech)
            .order_by("username")
        )
        self.fields["user"].label_from_instance = _person


def _person(user) -> str:
    full = user.get_full_name()
    return f"{full}（{user.username}）" if full else user.username
