"""Writes that touch several rows. Every entry point (browser, API, admin,
commands) calls these, so validation, permissions and numbering hold everywhere.
"""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.accept import accept_changes
from drafts.diffing.follow import follow_paragraphs
from drafts.diffing.merge import merge_texts
from drafts.errors import Forbidden, InvalidInput, MergeConflict, NotFound, StaleBase
from drafts.importers import (
    UnreadableUpload,
    UploadLimits,
    normalise_newlines,
    read_upload,
    safe_filename,
)
from drafts.labels import KIND_LABELS
from drafts.models import (
    Comment,
    Review,
    Revision,
    Speech,
    count_chars,
    text_sha256,
)
from drafts.proofing import apply_fixes, proofread


@dataclass(frozen=True)
class IncomingText:
    """A revision's text as it arrived, decoded, before anything is stored."""

    text: str
    source_kind: str = Revision.SourceKind.PASTE
    source_name: str = ""
    source_format: str = ""
    source_encoding: str = ""
    original_bytes: bytes | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)


def max_upload_bytes() -> int:
    return settings.DRAFTS_MAX_UPLOAD_BYTES


def too_large_error() -> InvalidInput:
    limit = max_upload_bytes()
    shown = f"{limit / 1048576:g} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    return InvalidInput(f"内容超过大小上限（{shown}）。", "too_large")


def incoming_from_paste(text: str) -> IncomingText:
    """Return pasted text as an incoming revision, line endings made LF."""
    if len(text.encode("utf-8")) > max_upload_bytes():
        raise too_large_error()
    return IncomingText(text=normalise_newlines(text).lstrip("\ufeff"))


def incoming_from_file(filename: str, data: bytes) -> IncomingText:
    """Decode an uploaded file; raise InvalidInput when it cannot be read."""
    if len(data) > max_upload_bytes():
        raise too_large_error()
    limits = UploadLimits(
        max_unzipped_bytes=settings.DRAFTS_DOCX_MAX_UNZIPPED_BYTES,
        max_ratio=settings.DRAFTS_DOCX_MAX_RATIO,
    )
    try:
        imported = read_upload(filename, data, limits=limits)
    except UnreadableUpload as error:
        raise InvalidInput(error.message, error.code) from error
    return IncomingText(
        text=imported.text,
        source_kind=Revision.SourceKind.FILE,
        source_name=safe_filename(filename),
        source_format=imported.format,
        source_encoding=imported.encoding or "",
        original_bytes=data,
        notices=tuple(imported.notices),
    )


def speech_create(
    *, title: str, created_by, slug: str = "", occasion: str = "", description=""
) -> Speech:
    """Create a speech with a unique slug made from *slug* or the title."""
    if not created_by.has_perm("drafts.add_speech"):
        raise Forbidden("没有新建讲稿的权限。")
    title = title.strip()
    if not title:
        raise InvalidInput("标题不能为空。", "empty_title")
    base_slug = slugify(slug or title, allow_unicode=True)[:180] or "speech"
    if slug and Speech.objects.filter(slug=base_slug).exists():
        raise InvalidInput(f"短名“{base_slug}”已被使用。", "slug_taken")
    return Speech.objects.create(
        title=title,
        slug=_unique_slug(base_slug),
        occasion=occasion.strip(),
        description=description.strip(),
        created_by=created_by,
    )


def _unique_slug(base_slug: str) -> str:
    candidate, suffix = base_slug, 2
    while Speech.objects.filter(slug=candidate).exists():
        candidate, suffix = f"{base_slug}-{suffix}", suffix + 1
    return candidate


def revision_base(speech: Speech, number: int | None) -> Revision | None:
    """Return the revision numbered *number* of *speech*, or None for None."""
    if number is None:
        return None
    try:
        return speech.revisions.get(number=number)
    except Revision.DoesNotExist:
        raise NotFound(f"基准版本第{number}版不存在。", "bad_base") from None


@transaction.atomic
def revision_create(
    *,
    speech: Speech,
    author,
    incoming: IncomingText,
    note: str = "",
    base: Revision | None = None,
    confirm_stale_base: bool = False,
) -> Revision:
    """Store *incoming* as the next revision of *speech*, edited from *base*.

    Without *base*, the base is the latest revision at the moment of writing.
    A base that is no longer the latest is refused unless confirmed.
    """
    if not author.has_perm("drafts.add_revision"):
        raise Forbidden("没有上传版本的权限。")
    if not incoming.text.strip():
        raise InvalidInput("文本为空，没有可保存的内容。", "empty")
    speech = Speech.objects.select_for_update().get(pk=speech.pk)
    latest = speech.latest_revision
    base = _checked_base(speech, base, latest, confirm_stale_base)
    if base is not None and _same_paragraphs(base.text, incoming.text):
        raise InvalidInput(
            f"与基准版本相同（第{base.number}版），未保存。", "unchanged"
        )
    revision = Revision.objects.create(
        speech=speech,
        number=speech.revision_count + 1,
        parent=base,
        author=author,
        note=note.strip(),
        source_kind=incoming.source_kind,
        source_name=incoming.source_name,
        source_format=incoming.source_format,
        source_encoding=incoming.source_encoding,
        import_notices=list(incoming.notices),
        text=incoming.text,
        text_sha256=text_sha256(incoming.text),
        char_count=count_chars(incoming.text),
        original_bytes=incoming.original_bytes,
    )
    _advance_speech(speech, revision)
    return revision


def _checked_base(speech, base, latest, confirm_stale_base):
    if base is None:
        return latest
    if base.speech_id != speech.pk:
        raise InvalidInput("基准版本不属于这篇讲稿。", "base_other_speech")
    if latest is not None and base.pk != latest.pk and not confirm_stale_base:
        newer = list(speech.revisions.newer_than(base).values_list("number", flat=True))
        raise StaleBase(base.number, newer)
    return base


def _same_paragraphs(old: str, new: str) -> bool:
    return split_paragraphs(old) == split_paragraphs(new)


def _advance_speech(speech: Speech, revision: Revision) -> None:
    # A new text starts as a draft, so the speech is being drafted again; a
    # previous final revision stays recorded until a new one is approved.
    speech.revision_count = revision.number
    speech.latest_revision = revision
    speech.status = Speech.Status.DRAFTING
    speech.save(update_fields=["revision_count", "latest_revision", "status"])


# Review -----------------------------------------------------------------

State = Revision.ReviewState
Decision = Review.Decision


def _locked_latest(revision: Revision) -> tuple[Speech, Revision]:
    """Lock the speech and return it with *revision* as re-read under the lock.

    Decisions apply only to the latest revision: an approval racing a new
    upload either lands first (and goes stale) or is refused.
    """
    speech = Speech.objects.select_for_update().get(pk=revision.speech_id)
    revision = Revision.objects.get(pk=revision.pk)
    if speech.latest_revision_id != revision.pk:
        raise InvalidInput(
            f"第{revision.number}版已不是最新版本（最新为第{speech.revision_count}版），"
            "审核决定只能针对最新版本。",
            "not_latest",
            status=409,
        )
    return speech, revision


def _set_state(revision: Revision, state: str) -> None:
    revision.review_state = state
    revision.save(update_fields=["review_state"])


def _set_speech_status(speech: Speech, status: str, **fields) -> None:
    speech.status = status
    for name, value in fields.items():
        setattr(speech, name, value)
    speech.save(update_fields=["status", *fields])


def _record(revision, reviewer, decision, note) -> Review:
    return Review.objects.create(
        revision=revision,
        reviewer=reviewer,
        decision=decision,
        note=note.strip(),
        content_sha256=revision.text_sha256,
    )


@transaction.atomic
def revision_submit(*, revision: Revision, user) -> Revision:
    """Submit a draft revision for review (草稿 → 待审)."""
    if not user.has_perm("drafts.add_revision"):
        raise Forbidden("没有提交审核的权限。")
    speech, revision = _locked_latest(revision)
    if revision.review_state != State.DRAFT:
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "只有草稿可以提交审核。",
            "bad_state",
            status=409,
        )
    _set_state(revision, State.SUBMITTED)
    _set_speech_status(speech, Speech.Status.IN_REVIEW)
    return revision


@transaction.atomic
def review_record(*, revision: Revision, reviewer, decision: str, note: str = ""):
    """Record one decision on the latest revision, enforcing every rule."""
    if decision == Decision.COMMENT:
        return _comment_decision(revision, reviewer, note)
    if decision == Decision.FINAL_APPROVAL:
        return _final_approval(revision, reviewer, note)
    if decision not in (Decision.APPROVE, Decision.REQUEST_CHANGES):
        raise InvalidInput("未知的审核决定。", "bad_decision")
    if not reviewer.has_perm("drafts.review_revision"):
        raise Forbidden("没有审核权限。")
    speech, revision = _locked_latest(revision)
    if decision == Decision.APPROVE:
        return _approve(speech, revision, reviewer, note)
    return _request_changes(revision, reviewer, note)


def _comment_decision(revision, reviewer, note):
    if not (
        reviewer.has_perm("drafts.review_revision")
        or reviewer.has_perm("drafts.add_revision")
    ):
        raise Forbidden("没有发表审阅意见的权限。")
    if not note.strip():
        raise InvalidInput("审阅意见不能为空。", "empty_note")
    return _record(revision, reviewer, Decision.COMMENT, note)


def _approve(speech, revision, reviewer, note):
    if revision.author_id == reviewer.pk:
        raise Forbidden("不能审核通过自己提交的版本。", "own_revision")
    if revision.review_state != State.SUBMITTED:
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "只有待审的版本可以审核通过。",
            "bad_state",
            status=409,
        )
    if revision.reviews.approvals().filter(reviewer=reviewer).exists():
        raise InvalidInput("您已审核通过此版本。", "already_approved", status=409)
    review = _record(revision, reviewer, Decision.APPROVE, note)
    approvers = revision.reviews.approvals().values("reviewer").distinct().count()
    if approvers >= speech.required_approvals:
        _set_state(revision, State.APPROVED)
    return review


def _request_changes(revision, reviewer, note):
    if revision.review_state not in (State.SUBMITTED, State.APPROVED):
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "无法退回修改。",
            "bad_state",
            status=409,
        )
    if not note.strip():
        raise InvalidInput("退回修改时请写明修改意见。", "empty_note")
    review = _record(revision, reviewer, Decision.REQUEST_CHANGES, note)
    _set_state(revision, State.CHANGES_REQUESTED)
    return review


def _final_approval(revision, approver, note):
    if not approver.has_perm("drafts.approve_final"):
        raise Forbidden("只有签发人可以批准定稿。")
    speech, revision = _locked_latest(revision)
    if revision.author_id == approver.pk:
        raise Forbidden("不能批准自己提交的版本为定稿。", "own_revision")
    if revision.review_state != State.APPROVED:
        raise InvalidInput(
            f"第{revision.number}版尚未审核通过，不能批准为定稿。",
            "not_approved",
            status=409,
        )
    if speech.final_revision_id == revision.pk:
        raise InvalidInput("此版本已是定稿。", "already_final", status=409)
    review = _record(revision, approver, Decision.FINAL_APPROVAL, note)
    _set_speech_status(speech, Speech.Status.FINAL, final_revision=revision)
    return review


def last_reviewed_revision(speech: Speech, user) -> Revision | None:
    """Return the newest revision of *speech* that *user* decided on."""
    review = (
        Review.objects.filter(revision__speech=speech, reviewer=user)
        .exclude(decision=Decision.COMMENT)
        .select_related("revision")
        .order_by("-revision__number")
        .first()
    )
    return review.revision if review else None


# Accepting single changes ----------------------------------------------


def revision_from_decisions(
    *,
    base: Revision,
    proposed: Revision,
    accepted: set[int],
    reviewer,
    ignore_punct_width: bool = False,
) -> Revision:
    """Store *base* with only the *accepted* changes towards *proposed*.

    The new revision is the reviewer's, edited from *proposed*; its note
    lists what was accepted and rejected.
    """
    if base.speech_id != proposed.speech_id:
        raise InvalidInput("两个版本不属于同一篇讲稿。", "base_other_speech")
    if not reviewer.has_perm("drafts.review_revision"):
        raise Forbidden("没有审核权限，不能逐条接受修改。")
    changes = compare_texts(
        base.text, proposed.text, ignore_punct_width=ignore_punct_width
    ).changes
    edited = [k for k, change in enumerate(changes) if change.kind != "equal"]
    unknown = set(accepted) - set(edited)
    if unknown:
        raise InvalidInput("所选修改不在这次比较之中，请刷新页面后重试。", "bad_change")
    if set(edited) <= set(accepted):
        raise InvalidInput(
            f"已接受全部修改，结果与第{proposed.number}版相同，无需生成新版本。",
            "unchanged",
        )
    text = accept_changes(
        base.text, proposed.text, accepted, ignore_punct_width=ignore_punct_width
    )
    note = _decisions_note(base, proposed, changes, edited, set(accepted))
    return revision_create(
        speech=proposed.speech,
        author=reviewer,
        incoming=IncomingText(text=text, source_kind=Revision.SourceKind.ACCEPTED),
        note=note,
        base=proposed,
    )


def _decisions_note(base, proposed, changes, edited, accepted) -> str:
    def describe(k: int) -> str:
        change = changes[k]
        where = change.new or change.old
        side = "新" if change.new else "原"
        return f"{KIND_LABELS[change.kind]}（{side}第{where[0] + 1}段）"

    taken = [describe(k) for k in edited if k in accepted]
    refused = [describe(k) for k in edited if k not in accepted]
    return (
        f"逐条审阅第{proposed.number}版相对第{base.number}版的修改："
        f"接受 {len(taken)} 处{'：' + '、'.join(taken) if taken else ''}；"
        f"拒绝 {len(refused)} 处{'：' + '、'.join(refused) if refused else ''}。"
    )


# Comments (批注) ---------------------------------------------------------


def comment_add(*, revision: Revision, paragraph: int, author, text: str) -> Comment:
    """Attach a comment to paragraph *paragraph* (0-based) of *revision*."""
    if not author.has_perm("drafts.add_comment"):
        raise Forbidden("没有批注的权限。")
    if not text.strip():
        raise InvalidInput("批注内容不能为空。", "empty_comment")
    if not 0 <= paragraph < len(split_paragraphs(revision.text)):
        raise InvalidInput("所选段落不存在。", "bad_paragraph")
    return Comment.objects.create(
        revision=revision, paragraph=paragraph, author=author, text=text.strip()
    )


def comment_set_resolved(*, comment: Comment, user, is_resolved: bool) -> Comment:
    """Resolve or reopen *comment*."""
    if not user.has_perm("drafts.add_comment"):
        raise Forbidden("没有处理批注的权限。")
    comment.is_resolved = is_resolved
    comment.resolved_by = user if is_resolved else None
    comment.resolved_at = timezone.now() if is_resolved else None
    comment.save(update_fields=["is_resolved", "resolved_by", "resolved_at"])
    return comment


@dataclass(frozen=True)
class PlacedComment:
    comment: Comment
    paragraph: int | None  # where it sits in the revision shown; None: gone
    status: str  # "", "段落已修改" or "段落已删除"


def comments_for(revision: Revision) -> list[PlacedComment]:
    """Return the comments of *revision* and of earlier revisions, each placed
    on its paragraph as the diff engine matches it into *revision*."""
    comments = Comment.objects.filter(
        revision__speech_id=revision.speech_id, revision__number__lte=revision.number
    ).select_related("author", "revision", "resolved_by")
    placed, maps = [], {}
    for comment in comments:
        if comment.revision_id == revision.pk:
            placed.append(PlacedComment(comment, comment.paragraph, ""))
            continue
        if comment.revision_id not in maps:
            changes = compare_texts(comment.revision.text, revision.text).changes
            maps[comment.revision_id] = follow_paragraphs(changes)
        where = maps[comment.revision_id].get(comment.paragraph)
        placed.append(_placed(comment, where))
    return placed


def _placed(comment, where) -> PlacedComment:
    if where is None or where.paragraph is None:
        return PlacedComment(comment, None, "段落已删除")
    return PlacedComment(
        comment, where.paragraph, "段落已修改" if where.is_changed else ""
    )


# Merging onto the latest revision ----------------------------------------


def merge_preview(*, speech: Speech, base: Revision, incoming: IncomingText):
    """Return the merge of the edits base→incoming onto the latest revision."""
    latest = Speech.objects.get(pk=speech.pk).latest_revision
    return merge_texts(base.text, incoming.text, latest.text), latest


def revision_create_merged(
    *,
    speech: Speech,
    author,
    incoming: IncomingText,
    base: Revision,
    note: str = "",
    choices: dict[int, str] | None = None,
) -> Revision:
    """Store the edits from *base* to *incoming*, carried onto the latest
    revision; conflicts must each be resolved in *choices*."""
    result, latest = merge_preview(speech=speech, base=base, incoming=incoming)
    choices = choices or {}
    if any(k not in choices for k in range(len(result.conflicts))):
        raise MergeConflict(result)
    try:
        text = result.text(choices)
    except KeyError as error:
        raise InvalidInput("冲突的处理方式无效。", "bad_choice") from error
    merged_note = (
        f"{note.strip()}（在第{base.number}版基础上的修改，"
        f"已合并到第{latest.number}版）"
    )
    return revision_create(
        speech=speech,
        author=author,
        incoming=replace(incoming, text=text, source_kind=Revision.SourceKind.MERGE),
        note=merged_note,
        base=latest,
    )


# Proofreading fixes -----------------------------------------------------


def revision_findings(revision: Revision):
    """Return the proofreading result of *revision*'s text."""
    return proofread(revision.text, chars_per_minute=settings.DRAFTS_CHARS_PER_MINUTE)


def revision_apply_fixes(*, revision: Revision, user, chosen: list[int]) -> Revision:
    """Store *revision* with the chosen mechanical fixes applied, as a new
    revision; *chosen* indexes the findings of revision_findings()."""
    issues = revision_findings(revision).issues
    if not chosen:
        raise InvalidInput("请至少选择一处可自动修正的问题。", "no_fixes")
    if any(not 0 <= k < len(issues) or not issues[k].is_mechanical for k in chosen):
        raise InvalidInput("所选问题无法自动修正，请刷新页面后重试。", "bad_fix")
    picked = [issues[k] for k in sorted(set(chosen))]
    text = apply_fixes(revision.text, picked)
    listed = "；".join(
        f"第{i.paragraph + 1}段“{_flagged(revision.text, i)}”改为“{i.suggestion}”"
        for i in picked
    )
    return revision_create(
        speech=revision.speech,
        author=user,
        incoming=IncomingText(text=text, source_kind=Revision.SourceKind.PROOFREAD),
        note=f"校对修正 {len(picked)} 处：{listed}",
        base=revision,
    )


def _flagged(text: str, issue) -> str:
    return split_paragraphs(text)[issue.paragraph][issue.start : issue.end]
