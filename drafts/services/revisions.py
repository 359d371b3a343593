"""Speeches and their revisions: creating a speech, storing the next revision
under the speech's lock so numbers run 1..n without gaps."""

from django.db import transaction
from django.utils.text import slugify

from drafts.access import require_member
from drafts.diffing import split_paragraphs
from drafts.digests import digest_after_commit
from drafts.errors import Forbidden, InvalidInput, NotFound, StaleBase
from drafts.models import (
    Membership,
    Revision,
    Speech,
    count_chars,
    text_sha256,
    workflow_writes,
)
from drafts.services.incoming import IncomingText, check_text_length


@transaction.atomic
def speech_create(
    *, title: str, created_by, slug: str = "", occasion: str = "", description=""
) -> Speech:
    """Create a speech, its creator its first member, with a unique slug made
    from *slug* or the title."""
    if not created_by.has_perm("drafts.add_speech"):
        raise Forbidden("没有新建讲稿的权限。")
    title = title.strip()
    if not title:
        raise InvalidInput("标题不能为空。", "empty_title")
    # A taken slug gets a suffix rather than an error: an error would tell
    # outsiders that a speech they may not see exists.
    base_slug = slugify(slug or title, allow_unicode=True)[:180] or "speech"
    speech = Speech.objects.create(
        title=title,
        slug=_unique_slug(base_slug),
        occasion=occasion.strip(),
        description=description.strip(),
        created_by=created_by,
    )
    Membership.objects.create(speech=speech, user=created_by, added_by=created_by)
    return speech


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
    A base that is no longer the latest is refused unless confirmed. Every
    revision, whatever made its text, is held to DRAFTS_MAX_TEXT_CHARS here.
    """
    require_member(author, speech, "上传版本")
    if not author.has_perm("drafts.add_revision"):
        raise Forbidden("没有上传版本的权限。")
    if not incoming.text.strip():
        raise InvalidInput("文本为空，没有可保存的内容。", "empty")
    check_text_length(incoming.text)
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
    digest_after_commit(revision)
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
    with workflow_writes():
        speech.save(update_fields=["revision_count", "latest_revision", "status"])
