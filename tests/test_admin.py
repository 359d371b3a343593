"""The admin: read-only history, review actions that obey every rule."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from drafts import services
from drafts.models import Review, Revision, Speech
from tests import builders

TEXT = "同志们：\n今年的任务很重。"
CHANGELIST = "/admin/drafts/revision/"


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def submitted(speech, author):
    revision = builders.revision(speech, author, TEXT)
    return services.revision_submit(revision=revision, user=author)


def post_action(client, action, revision, follow=False, **extra):
    data = {"action": action, "_selected_action": [revision.pk], **extra}
    return client.post(CHANGELIST, data, follow=follow)


@pytest.mark.django_db
def test_admin_action_asks_for_note_then_approves_and_logs(
    client, speech, editor, reviewer
):
    revision = submitted(speech, editor)
    client.force_login(staff(reviewer))
    page = post_action(client, "approve_revisions", revision)
    assert page.status_code == 200
    assert "填写意见" in page.content.decode()
    assert not Review.objects.exists()
    post_action(client, "approve_revisions", revision, confirm="yes", note="同意")
    review = Review.objects.get()
    assert (review.decision, review.reviewer, review.note) == (
        "approve",
        reviewer,
        "同意",
    )
    assert LogEntry.objects.filter(object_id=str(revision.pk)).exists()


@pytest.mark.django_db
def test_admin_request_changes_and_final_approval(
    client, speech, editor, reviewer, approver
):
    revision = submitted(speech, editor)
    client.force_login(staff(reviewer))
    post_action(client, "request_changes", revision, confirm="yes", note="请修改第二段")
    revision.refresh_from_db()
    assert revision.review_state == Revision.ReviewState.CHANGES_REQUESTED
    fixed = builders.revision(speech, editor, TEXT + "\n补充。")
    services.revision_submit(revision=fixed, user=editor)
    post_action(client, "approve_revisions", fixed, confirm="yes", note="")
    client.force_login(staff(approver))
    post_action(client, "approve_as_final", fixed, confirm="yes", note="签发")
    speech.refresh_from_db()
    assert speech.status == Speech.Status.FINAL
    assert speech.final_revision == fixed


@pytest.mark.django_db
def test_editor_posting_approve_as_final_directly_changes_nothing(
    client, speech, editor, editor2, reviewer
):
    revision = submitted(speech, editor)
    services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    client.force_login(staff(editor2))
    response = post_action(
        client, "approve_as_final", revision, confirm="yes", note="x"
    )
    assert response.status_code in (200, 302)
    speech.refresh_from_db()
    assert speech.final_revision is None
    assert not Review.objects.filter(decision="final_approval").exists()


@pytest.mark.django_db
def test_admin_refuses_self_approval_with_message(client, speech, reviewer):
    revision = submitted(speech, reviewer)
    client.force_login(staff(reviewer))
    response = post_action(
        client, "approve_revisions", revision, confirm="yes", note="", follow=True
    )
    assert "不能审核通过自己提交的版本" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_admin_offers_no_edit_or_delete_of_history(
    admin_client, speech, editor, reviewer
):
    revision = submitted(speech, editor)
    services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    change = reverse("admin:drafts_revision_change", args=[revision.pk])
    page = admin_client.get(change).content.decode()
    assert 'name="text"' not in page
    response = admin_client.post(change, {"text": "改写", "number": 9})
    assert response.status_code == 403
    delete = reverse("admin:drafts_revision_delete", args=[revision.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    review_delete = reverse(
        "admin:drafts_review_delete", args=[Review.objects.get().pk]
    )
    assert admin_client.post(review_delete, {"post": "yes"}).status_code == 403
    actions = admin_client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in actions
    revision.refresh_from_db()
    assert revision.text == TEXT
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_admin_search_by_title_and_text(admin_client, speech, editor):
    builders.revision(speech, editor, TEXT)
    assert "第1版" in admin_client.get(CHANGELIST + "?q=任务很重").content.decode()
    assert (
        "第1版" not in admin_client.get(CHANGELIST + "?q=不存在的词").content.decode()
    )


@pytest.mark.django_db
def test_reviewer_without_staff_flag_has_no_admin(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_admin_lists_comments_read_only(admin_client, speech, editor):
    revision = builders.revision(speech, editor, TEXT)
    comment = services.comment_add(
        revision=revision, paragraph=0, author=editor, text="<b>称呼</b>"
    )
    assert admin_client.get("/admin/drafts/comment/").status_code == 200
    change = reverse("admin:drafts_comment_change", args=[comment.pk])
    page = admin_client.get(change).content.decode()
    assert "&lt;b&gt;称呼&lt;/b&gt;" in page
    assert "<b>称呼</b>" not in page
    assert admin_client.post(change, {"text": "改写"}).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "<b>称呼</b>"
