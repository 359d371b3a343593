"""Tamper-evident history: decisions chained by hash, verify_history naming
whatever no longer matches, the final text verified where it is shown, and
workflow state that moves only through the services."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from drafts import db_guards, hashchain, history, services
from drafts.models import GuardedStateError, Review, Speech
from tests import builders

TEXT = "同志们：\n今年安排重点项目100个。\n谢谢大家！"
FIXED = "同志们：\n今年安排重点项目120个。\n谢谢大家！"


@pytest.fixture
def final(speech, editor, reviewer, approver):
    """A speech whose second revision was approved as final, after the first
    was sent back: five decisions in its chain."""
    first = builders.submitted(speech, editor, TEXT)
    services.review_record(
        revision=first, reviewer=reviewer, decision="request_changes", note="改数字"
    )
    second = builders.approved(speech, editor, FIXED, reviewer=reviewer)
    services.review_record(
        revision=second, reviewer=editor, decision="comment", note="已改。"
    )
    services.review_record(
        revision=second, reviewer=approver, decision="final_approval", note="签发"
    )
    speech.refresh_from_db()
    return speech


def _verify(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_history", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(*args) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("verify_history", *args, stdout=StringIO(), stderr=err)
    return str(caught.value) + "\n" + err.getvalue()


def _tamper(sql: str, params=()) -> None:
    """Rewrite history as an attacker with the database would: guards off."""
    db_guards.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    db_guards.install(connection)


@pytest.mark.django_db
def test_each_decision_links_to_the_one_before_in_its_speech(final):
    reviews = list(Review.objects.filter(revision__speech=final).order_by("id"))
    assert len(reviews) == 4
    assert reviews[0].previous_hash == hashchain.genesis_hash(final.pk)
    for before, after in zip(reviews, reviews[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert all(review.is_intact() for review in reviews)


@pytest.mark.django_db
def test_chains_of_different_speeches_are_separate(final, editor):
    other = builders.speech(editor, title="另一篇", slug="other")
    revision = builders.revision(other, editor, TEXT)
    review = services.review_record(
        revision=revision, reviewer=editor, decision="comment", note="先放着。"
    )
    assert review.previous_hash == hashchain.genesis_hash(other.pk)


@pytest.mark.django_db
def test_verify_history_passes_an_untouched_history(final):
    out, err = _verify()
    assert "均一致" in out and err == ""
    assert "均一致" in _verify(final.slug)[0]


@pytest.mark.django_db
def test_verify_history_names_a_rewritten_revision(final):
    _tamper(
        "UPDATE drafts_revision SET text = %s WHERE speech_id = %s AND number = 1",
        ["同志们：\n今年安排重点项目90个。\n谢谢大家！", final.pk],
    )
    report = _refused()
    assert "organization-work 第1版：正文与 SHA-256 不符" in report
    # Rewriting the hash too only moves the mismatch to the decision on it.
    _tamper(
        "UPDATE drafts_revision SET text_sha256 = %s WHERE speech_id = %s "
        "AND number = 1",
        ["0" * 64, final.pk],
    )
    assert "第1版 · 退回修改）：所审文本的 SHA-256 与版本不符" in _refused()


@pytest.mark.django_db
def test_verify_history_names_a_rewritten_decision(final):
    approval = Review.objects.get(decision="approve")
    _tamper("UPDATE drafts_review SET note = '补签' WHERE id = %s", [approval.pk])
    report = _refused(final.slug)
    assert (
        f"审核记录 #{approval.pk}（第2版 · 审核通过）：记录内容与其哈希不符" in report
    )
    assert "1 处" in report


@pytest.mark.django_db
def test_verify_history_names_the_link_after_a_removed_decision(final):
    reviews = list(Review.objects.order_by("id"))
    _tamper("DELETE FROM drafts_review WHERE id = %s", [reviews[1].pk])
    report = _refused()
    assert f"审核记录 #{reviews[2].pk}" in report and "哈希链断裂" in report


@pytest.mark.django_db
def test_verify_history_refuses_an_unknown_speech():
    with pytest.raises(CommandError, match="不存在"):
        call_command("verify_history", "nowhere", stdout=StringIO())


@pytest.mark.django_db
def test_the_final_text_is_verified_where_it_is_shown(final, editor):
    client = Client()
    client.force_login(editor)
    final_url = final.final_revision.get_absolute_url()
    assert "已校验" in client.get(final_url).content.decode()
    assert "已校验" in client.get(final.get_absolute_url()).content.decode()
    api = APIClient()
    api.force_authenticate(editor)
    assert api.get(f"/api/speeches/{final.slug}/").json()["final_verified"] is True
    assert history.verify_final(final).is_intact


@pytest.mark.django_db
def test_a_rewritten_final_text_fails_its_check_everywhere(final, editor):
    _tamper(
        "UPDATE drafts_revision SET text = %s, text_sha256 = %s WHERE id = %s",
        ["篡改后的定稿。", "0" * 64, final.final_revision_id],
    )
    client = Client()
    client.force_login(editor)
    page = client.get(final.final_revision.get_absolute_url()).content.decode()
    assert "校验失败" in page and "批准定稿时的文本与现存文本不符" in page
    assert "校验失败" in client.get(final.get_absolute_url()).content.decode()
    api = APIClient()
    api.force_authenticate(editor)
    assert api.get(f"/api/speeches/{final.slug}/").json()["final_verified"] is False
    revision_url = f"/api/speeches/{final.slug}/revisions/2/"
    assert api.get(revision_url).json()["final_verified"] is False


@pytest.mark.django_db
def test_workflow_state_is_refused_to_direct_orm_writes(final):
    speech = Speech.objects.get(pk=final.pk)
    speech.status = Speech.Status.DRAFTING
    with pytest.raises(GuardedStateError):
        speech.save()
    with pytest.raises(GuardedStateError):
        speech.save(update_fields=["status"])
    speech.final_revision = None
    with pytest.raises(GuardedStateError):
        speech.save(update_fields=["final_revision"])
    with pytest.raises(GuardedStateError):
        Speech.objects.filter(pk=final.pk).update(final_revision=None)
    with pytest.raises(GuardedStateError):
        Speech.objects.create(
            title="直接建成定稿",
            slug="forged",
            created_by=final.created_by,
            status=Speech.Status.FINAL,
        )
    final.refresh_from_db()
    assert final.status == Speech.Status.FINAL and final.final_revision_id


@pytest.mark.django_db
def test_describing_a_speech_is_still_an_ordinary_save(final):
    final.title = "在全市组织工作会议上的讲话（修订）"
    final.save(update_fields=["title"])
    final.refresh_from_db()
    assert final.title.endswith("（修订）")
