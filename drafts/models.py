"""Speeches and their revisions. A revision's text, number, parent and author
never change once saved; only its review state moves on, and only through the
services, as do a speech's status and its latest and final revisions."""

import contextvars
import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from drafts import hashchain
from drafts.db_guards import IMMUTABLE_COLUMNS


class ImmutableRevisionError(Exception):
    """Raised on any attempt to rewrite or delete a stored revision."""


# Field names and attnames alike, so update_fields=["parent"] and
# QuerySet.update(parent_id=...) are both refused.
IMMUTABLE_REVISION_FIELDS = frozenset(IMMUTABLE_COLUMNS) | {
    column.removesuffix("_id") for column in IMMUTABLE_COLUMNS
}


class GuardedStateError(Exception):
    """Raised when workflow state is written outside the services."""


_workflow_writes = contextvars.ContextVar("drafts_workflow_writes", default=False)


@contextmanager
def workflow_writes():
    """Allow the services, and only them, to move workflow state on."""
    token = _workflow_writes.set(True)
    try:
        yield
    finally:
        _workflow_writes.reset(token)


def _refuse_state_write(guarded: frozenset, fields) -> None:
    # fields None means every field: a full save() rewrites them all.
    touched = guarded if fields is None else guarded.intersection(fields)
    if touched and not _workflow_writes.get():
        raise GuardedStateError(
            f"流程状态只能通过审核流程改变：{', '.join(sorted(touched))}"
        )


def _with_attnames(names) -> frozenset:
    """Return *names* with the _id attnames of their foreign keys."""
    return frozenset(names) | {f"{name}_id" for name in names}


SPEECH_STATE_FIELDS = _with_attnames(
    ["status", "latest_revision", "final_revision", "revision_count"]
)
REVISION_STATE_FIELDS = frozenset({"review_state"})


def _bulky_revision_fields(path: str) -> list[str]:
    """Return the large columns of a revision reached through *path*."""
    prefix = f"{path}__" if path else ""
    return [f"{prefix}{name}" for name in ("text", "original_bytes", "import_notices")]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_chars(text: str) -> int:
    """Return the number of characters that are not white space."""
    return sum(1 for ch in text if not ch.isspace())


class SpeechQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse_state_write(SPEECH_STATE_FIELDS, kwargs)
        return super().update(**kwargs)

    def with_latest(self):
        return self.select_related(
            "latest_revision", "latest_revision__author", "created_by"
        )

    def for_lists(self):
        """Rows of a list: the latest and final revisions' numbers, authors
        and times, never their texts or files."""
        return (
            self.with_latest()
            .select_related("final_revision")
            .defer(
                *_bulky_revision_fields("latest_revision"),
                *_bulky_revision_fields("final_revision"),
            )
        )


class Speech(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", "起草中"
        IN_REVIEW = "in_review", "审核中"
        FINAL = "final", "已定稿"

    title = models.CharField("标题", max_length=200)
    slug = models.SlugField("短名", max_length=200, unique=True, allow_unicode=True)
    occasion = models.CharField("场合", max_length=200, blank=True)
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="speeches_created",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFTING
    )
    revision_count = models.PositiveIntegerField("版本数", default=0, editable=False)
    latest_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="最新版本",
    )
    final_revision = models.ForeignKey(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="定稿版本",
    )
    required_approvals = models.PositiveSmallIntegerField("所需审核通过数", default=1)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("speech", "user"),
        related_name="member_of",
        verbose_name="成员",
    )

    objects = SpeechQuerySet.as_manager()

    class Meta:
        verbose_name = "讲稿"
        verbose_name_plural = "讲稿"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_all_speeches", "可以查看全部讲稿（不必是成员）"),
            ("manage_members", "可以管理所在讲稿的成员"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Guard only: status, latest and final revision move through services.
        if self._state.adding:
            if self.status != self.Status.DRAFTING or self.latest_revision_id:
                _refuse_state_write(SPEECH_STATE_FIELDS, None)
        else:
            _refuse_state_write(SPEECH_STATE_FIELDS, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("drafts:speech_detail", kwargs={"slug": self.slug})


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        touched = IMMUTABLE_REVISION_FIELDS.intersection(kwargs)
        if touched:
            raise ImmutableRevisionError(f"版本不可修改：{', '.join(sorted(touched))}")
        _refuse_state_write(REVISION_STATE_FIELDS, kwargs)
        return super().update(**kwargs)

    def delete(self):
        raise ImmutableRevisionError("版本不可删除。")

    delete.queryset_only = True

    def for_lists(self):
        """Rows of a timeline or a list: no texts, no original files."""
        return self.select_related("author", "parent", "speech").defer(
            *_bulky_revision_fields(""),
            *_bulky_revision_fields("parent"),
            "speech__description",
        )

    def newer_than(self, revision):
        return self.filter(speech_id=revision.speech_id, number__gt=revision.number)


class Revision(models.Model):
    class SourceKind(models.TextChoices):
        PASTE = "paste", "粘贴"
        FILE = "file", "文件"
        ACCEPTED = "accepted", "接受修改"
        PROOFREAD = "proofread", "校对修正"
        MERGE = "merge", "合并"

    class ReviewState(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审"
        CHANGES_REQUESTED = "changes_requested", "退回修改"
        APPROVED = "approved", "审核通过"

    speech = models.ForeignKey(
        Speech,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name="讲稿",
    )
    number = models.PositiveIntegerField("版本号")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="基准版本",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name="作者",
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    note = models.TextField("修改说明", blank=True)
    source_kind = models.CharField(
        "来源", max_length=16, choices=SourceKind.choices, default=SourceKind.PASTE
    )
    source_name = models.CharField("文件名", max_length=255, blank=True)
    source_format = models.CharField("文件格式", max_length=16, blank=True)
    source_encoding = models.CharField("编码", max_length=32, blank=True)
    import_notices = models.JSONField("导入提示", default=list, blank=True)
    text = models.TextField("正文")
    text_sha256 = models.CharField("SHA-256", max_length=64)
    char_count = models.PositiveIntegerField("字数")
    original_bytes = models.BinaryField("原始文件", null=True, blank=True)
    review_state = models.CharField(
        "审核状态",
        max_length=24,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ["speech_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["speech", "number"], name="drafts_revision_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="drafts_revision_number_positive",
            ),
        ]
        permissions = [
            ("review_revision", "可以审核版本"),
            ("approve_final", "可以批准定稿"),
        ]

    def __str__(self):
        return f"{self.speech.title} 第{self.number}版"

    def save(self, *args, **kwargs):
        # Guard only: the service assigns numbers and hashes. An existing row
        # may change nothing but its review state, and that only through the
        # services.
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or IMMUTABLE_REVISION_FIELDS.intersection(fields):
                raise ImmutableRevisionError("版本一经保存不可修改。")
            _refuse_state_write(REVISION_STATE_FIELDS, fields)
        elif self.review_state != self.ReviewState.DRAFT:
            _refuse_state_write(REVISION_STATE_FIELDS, None)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "drafts:revision_detail",
            kwargs={"slug": self.speech.slug, "number": self.number},
        )

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError("版本不可删除。")

    @property
    def source_label(self) -> str:
        if self.source_kind != self.SourceKind.FILE:
            return self.get_source_kind_display()
        parts = [self.source_name, self.source_format.upper(), self.source_encoding]
        return " · ".join(part for part in parts if part)

    @property
    def source(self) -> str:
        """Where the text came from: 粘贴, or the file name, format and encoding."""
        return self.source_label

    @property
    def sha256(self) -> str:
        return self.text_sha256

    def has_intact_text(self) -> bool:
        return text_sha256(self.text) == self.text_sha256


class AppendOnlyError(Exception):
    """Raised on any attempt to edit or delete a review decision."""


class ReviewQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审核记录不可修改。")

    def delete(self):
        raise AppendOnlyError("审核记录不可删除。")

    delete.queryset_only = True

    def approvals(self):
        return self.filter(decision=Review.Decision.APPROVE)


class Review(models.Model):
    """One decision on one revision, bound to the exact text it was given on."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "审核通过"
        REQUEST_CHANGES = "request_changes", "退回修改"
        COMMENT = "comment", "审阅意见"
        FINAL_APPROVAL = "final_approval", "批准定稿"

    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="版本",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="审核人",
    )
    decision = models.CharField("决定", max_length=24, choices=Decision.choices)
    note = models.TextField("意见", blank=True)
    content_sha256 = models.CharField("所审文本 SHA-256", max_length=64)
    # Set by the service, not auto_now_add: the time is part of the hash.
    created_at = models.DateTimeField("时间", default=timezone.now, editable=False)
    previous_hash = models.CharField("前一记录哈希", max_length=64, editable=False)
    entry_hash = models.CharField("本记录哈希", max_length=64, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "reviewer"],
                condition=models.Q(decision="approve"),
                name="drafts_review_one_approval_per_reviewer",
            ),
            models.UniqueConstraint(
                fields=["revision"],
                condition=models.Q(decision="final_approval"),
                name="drafts_review_one_final_approval",
            ),
            # Each decision follows exactly one other: the chain cannot fork.
            models.UniqueConstraint(
                fields=["previous_hash"], name="drafts_review_chain_linear"
            ),
            models.UniqueConstraint(
                fields=["entry_hash"], name="drafts_review_hash_unique"
            ),
        ]

    def __str__(self):
        return f"{self.revision} · {self.get_decision_display()}"

    def save(self, *args, **kwargs):
        # Guard only: decisions are recorded once and never rewritten.
        if not self._state.adding:
            raise AppendOnlyError("审核记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审核记录不可删除。")

    def computed_hash(self) -> str:
        """Return the hash this decision's stored content should have."""
        return hashchain.entry_hash(
            previous_hash=self.previous_hash,
            speech_id=self.revision.speech_id,
            revision_id=self.revision_id,
            revision_number=self.revision.number,
            content_sha256=self.content_sha256,
            reviewer_id=self.reviewer_id,
            decision=self.decision,
            note=self.note,
            created_at=self.created_at,
        )

    def is_intact(self) -> bool:
        return self.computed_hash() == self.entry_hash


class Comment(models.Model):
    """A remark on one paragraph of one revision (批注)."""

    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name="版本",
    )
    paragraph = models.PositiveIntegerField("段落序号")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name="批注人",
    )
    text = models.TextField("批注")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    is_resolved = models.BooleanField("已解决", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="解决人",
    )
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)

    class Meta:
        verbose_name = "批注"
        verbose_name_plural = "批注"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.revision} 第{self.paragraph + 1}段批注"


class Membership(models.Model):
    """A user's place in a speech's writing group (起草组): the speech exists
    for its members only."""

    speech = models.ForeignKey(
        Speech,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="讲稿",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="成员",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="添加人",
    )
    added_at = models.DateTimeField("加入时间", default=timezone.now)

    class Meta:
        verbose_name = "讲稿成员"
        verbose_name_plural = "讲稿成员"
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["speech", "user"], name="drafts_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.speech} · {self.user}"


class RevisionDigest(models.Model):
    """What is derived from a revision's text, computed once and kept: a
    revision never changes. A digest of an older *version* is computed anew."""

    revision = models.OneToOneField(
        Revision,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest",
        verbose_name="版本",
    )
    version = models.PositiveSmallIntegerField("算法版本")
    chars_per_minute = models.PositiveSmallIntegerField("语速")
    change_size = models.PositiveIntegerField("相对基准的改动字数", null=True)
    inserted_chars = models.PositiveIntegerField("相对基准增加的字数", default=0)
    deleted_chars = models.PositiveIntegerField("相对基准删去的字数", default=0)
    # Per paragraph: [first revision number, last changing number, its author id].
    provenance = models.JSONField("段落溯源", default=list)
    # Compact (drafts.diffing.compact): the changes, not the unchanged text.
    base_comparison = models.JSONField("与基准版本的比较", null=True)
    proofread = models.JSONField("校对结果")
    computed_at = models.DateTimeField("计算时间", default=timezone.now)

    class Meta:
        verbose_name = "版本摘要"
        verbose_name_plural = "版本摘要"

    def __str__(self):
        return f"{self.revision_id} 的摘要"


class Preference(models.Model):
    """A user's own settings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
        verbose_name="用户",
    )
    has_email_notifications = models.BooleanField("接收邮件通知", default=True)

    class Meta:
        verbose_name = "个人设置"
        verbose_name_plural = "个人设置"

    def __str__(self):
        return f"{self.user} 的设置"


class DownloadQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("下载记录不可修改。")

    def delete(self):
        raise AppendOnlyError("下载记录不可删除。")

    delete.queryset_only = True


class Download(models.Model):
    """One file served: an original upload or an export, to whom, when, and
    the SHA-256 of exactly the bytes that left. Never edited or removed."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "原始文件"
        REVISION = "revision", "版本导出"
        COMPARISON = "comparison", "修订稿"

    class Channel(models.TextChoices):
        WEB = "web", "网页"
        API = "api", "API"
        COMMAND = "command", "命令行"

    speech = models.ForeignKey(
        Speech,
        on_delete=models.PROTECT,
        related_name="downloads",
        verbose_name="讲稿",
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="downloads",
        verbose_name="版本",
        help_text="比较时为新版本",
    )
    base_revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="比较的旧版本",
    )
    kind = models.CharField("内容", max_length=16, choices=Kind.choices)
    file_format = models.CharField("格式", max_length=16)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("字节数")
    sha256 = models.CharField("SHA-256", max_length=64)
    channel = models.CharField("途径", max_length=16, choices=Channel.choices)
    # Empty for an operator's command run without --user.
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="downloads",
        verbose_name="下载人",
    )
    downloaded_at = models.DateTimeField("时间", default=timezone.now, editable=False)

    objects = DownloadQuerySet.as_manager()

    class Meta:
        verbose_name = "下载记录"
        verbose_name_plural = "下载记录"
        ordering = ["-downloaded_at", "-id"]

    def __str__(self):
        return f"{self.filename} · {self.downloaded_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Guard only: a download is recorded once, by the service.
        if not self._state.adding:
            raise AppendOnlyError("下载记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("下载记录不可删除。")
