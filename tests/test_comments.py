"""Comments stay with their paragraph in later revisions."""

import pytest

from drafts import services
from drafts.errors import Forbidden, InvalidInput, NotFound
from tests import builders

FIRST = "同志们：\n今年任务很重。\n要抓好落实。\n谢谢大家！"
SECOND = "同志们：\n今年任务十分繁重。\n谢谢大家！\n补充一段。"


@pytest.mark.django_db
def test_comments_follow_their_paragraph_into_later_revisions(speech, editor, reviewer):
    first = builders.revision(speech, editor, FIRST)
    kept = services.comment_add(
        revision=first, paragraph=0, author=reviewer, text="称呼"
    )
    edited = services.comment_add(
        revision=first, paragraph=1, author=reviewer, text="数据"
    )
    gone = services.comment_add(revision=first, paragraph=2, author=editor, text="空泛")
    moved_on = services.comment_add(
        revision=first, paragraph=3, author=editor, text="结尾"
    )
    second = builders.revision(speech, editor, SECOND)
    placed = {p.comment.pk: p for p in services.comments_for(second)}
    assert (placed[kept.pk].paragraph, placed[kept.pk].status) == (0, "")
    assert (placed[edited.pk].paragraph, placed[edited.pk].status) == (1, "段落已修改")
    assert (placed[gone.pk].paragraph, placed[gone.pk].status) == (None, "段落已删除")
    assert (placed[moved_on.pk].paragraph, placed[moved_on.pk].status) == (2, "")


@pytest.mark.django_db
def test_comments_of_later_revisions_do_not_show_on_earlier(speech, editor, reviewer):
    first = builders.revision(speech, editor, FIRST)
    second = builders.revision(speech, editor, SECOND)
    services.comment_add(revision=second, paragraph=3, author=reviewer, text="新段落")
    assert services.comments_for(first) == []


@pytest.mark.django_db
def test_comments_resolve_and_reopen(speech, editor, reviewer):
    revision = builders.revision(speech, editor, FIRST)
    comment = services.comment_add(
        revision=revision, paragraph=1, author=reviewer, text="改"
    )
    services.comment_set_resolved(comment=comment, user=editor, is_resolved=True)
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == editor
    services.comment_set_resolved(comment=comment, user=editor, is_resolved=False)
    comment.refresh_from_db()
    assert not comment.is_resolved and comment.resolved_at is None


@pytest.mark.django_db
def test_comment_needs_text_paragraph_and_role(speech, editor, outsider):
    revision = builders.revision(speech, editor, FIRST)
    with pytest.raises(InvalidInput):
        services.comment_add(revision=revision, paragraph=0, author=editor, text=" ")
    with pytest.raises(InvalidInput):
        services.comment_add(revision=revision, paragraph=4, author=editor, text="x")
    with pytest.raises(NotFound):
        services.comment_add(revision=revision, paragraph=0, author=outsider, text="x")
    builders.member(speech, outsider)
    with pytest.raises(Forbidden):
        services.comment_add(revision=revision, paragraph=0, author=outsider, text="x")
