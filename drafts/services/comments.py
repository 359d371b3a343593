"""Comments (批注) on paragraphs, and where they sit in later revisions."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from drafts.access import require_member
from drafts.comparisons import CACHE_SECONDS, CACHE_VERSION
from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.follow import follow_paragraphs
from drafts.errors import Forbidden, InvalidInput
from drafts.models import Comment, Revision


def comment_add(*, revision: Revision, paragraph: int, author, text: str) -> Comment:
    """Attach a comment to paragraph *paragraph* (0-based) of *revision*."""
    require_member(author, revision.speech, "批注")
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
    require_member(user, comment.revision.speech, "处理批注")
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
    comments = list(
        Comment.objects.filter(
            revision__speech_id=revision.speech_id,
            revision__number__lte=revision.number,
        )
        .select_related("author", "revision__speech", "resolved_by")
        .defer("revision__text", "revision__original_bytes")
    )
    older = {comment.revision_id for comment in comments} - {revision.pk}
    maps = _follow_maps(revision, older)
    placed = []
    for comment in comments:
        if comment.revision_id == revision.pk:
            placed.append(PlacedComment(comment, comment.paragraph, ""))
        else:
            where = maps[comment.revision_id].get(comment.paragraph)
            placed.append(_placed(comment, where))
    return placed


def _follow_maps(revision: Revision, older_ids: set[int]) -> dict[int, dict]:
    """Return, per older revision, where each of its paragraphs is in
    *revision*: (index or None, changed), cached per pair of revisions."""
    keys = {pk: f"drafts:follow:{CACHE_VERSION}:{pk}:{revision.pk}" for pk in older_ids}
    found = cache.get_many(list(keys.values()))
    maps = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = older_ids - maps.keys()
    for older in Revision.objects.filter(pk__in=missing).only("text"):
        changes = compare_texts(older.text, revision.text).changes
        maps[older.pk] = {
            index: (where.paragraph, where.is_changed)
            for index, where in follow_paragraphs(changes).items()
        }
        cache.set(keys[older.pk], maps[older.pk], CACHE_SECONDS)
    return maps


def _placed(comment, where) -> PlacedComment:
    paragraph, is_changed = where if where is not None else (None, True)
    if paragraph is None:
        return PlacedComment(comment, None, "段落已删除")
    return PlacedComment(comment, paragraph, "段落已修改" if is_changed else "")
