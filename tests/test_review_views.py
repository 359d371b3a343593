"""The review panel, review decisions and comments on the revision page."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from drafts import services
from drafts.models import Comment, Review, Revision, Speech
from tests import builders

TEXT = "同志们：\n今年任务很重。\n要抓好落实。\n谢谢大家！"
FIXED = "同志们：\n今年任务十分繁重。\n谢谢大家！\n补充一段。"
POST_VIEWS = [
    "revision_submit",
    "review_record",
    "comment_add",
    "revision_apply_fixes",
]


def url(name, revision, **extra):
    kwargs = {"slug": revision.speech.slug, "number": revision.number, **extra}
    return reverse(f"drafts:{name}", kwargs=kwargs)


def page_url(revision) -> str:
    return url("revision_detail", revision)


def post(client, name, revision, data=None, **extra):
    return client.post(url(name, revision, **extra), data or {}, follow=True)


def decide(client, revision, decision, note=""):
    return post(client, "review_record", revision, {"decision": decision, "note": note})


def flashed(response) -> list[tuple[str, str]]:
    found = re.findall(r'<li class="msg-(\w+)">(.*?)</li>', response.content.decode())
    return [(level, html.unescape(text)) for level, text in found]


def refused_with(response, words: str) -> bool:
    return any(level == "error" and words in text for level, text in flashed(response))


def login(client, account) -> Client:
    client.force_login(account)
    return client


def state(revision) -> str:
    return Revision.objects.get(pk=revision.pk).review_state


# Submitting and deciding ----------------------------------------------------


@pytest.mark.django_db
def test_revision_submit_moves_a_draft_to_review(client, editor, speech):
    revision = builders.revision(speech, editor, TEXT)
    response = post(login(client, editor), "revision_submit", revision)
    assert response.redirect_chain[-1][0] == page_url(revision) + "#review"
    assert ("success", "第1版已提交审核。") in flashed(response)
    assert state(revision) == Revision.ReviewState.SUBMITTED
    assert Speech.objects.get(pk=speech.pk).status == Speech.Status.IN_REVIEW


@pytest.mark.django_db
def test_revision_submit_refuses_a_second_submit(client, editor, speech):
    revision = builders.submitted(speech, editor, TEXT)
    response = post(login(client, editor), "revision_submit", revision)
    assert refused_with(response, "只有草稿可以提交审核")


@pytest.mark.django_db
def test_revision_submit_refuses_users_without_add_revision(
    client, editor, approver, speech
):
    revision = builders.revision(speech, editor, TEXT)
    response = post(login(client, approver), "revision_submit", revision)
    assert refused_with(response, "没有提交审核的权限")
    assert state(revision) == Revision.ReviewState.DRAFT


@pytest.mark.django_db
def test_review_record_approves_a_submitted_revision(client, editor, reviewer, speech):
    revision = builders.submitted(speech, editor, TEXT)
    response = decide(login(client, reviewer), revision, "approve", "同意。")
    assert ("success", "已记录审核通过：第1版。") in flashed(response)
    assert state(revision) == Revision.ReviewState.APPROVED
    body = response.content.decode()
    assert '<span class="decision-label">审核通过</span>' in body
    assert "同意。" in body and "UTC+0800" in body


@pytest.mark.django_db
def test_review_record_refuses_self_approval(client, reviewer, speech):
    revision = builders.submitted(speech, reviewer, TEXT)
    response = decide(login(client, reviewer), revision, "approve")
    assert refused_with(response, "不能审核通过自己提交的版本")
    assert not revision.reviews.exists()


@pytest.mark.django_db
def test_review_record_refuses_an_editor_approving(client, editor, editor2, speech):
    revision = builders.submitted(speech, editor, TEXT)
    response = decide(login(client, editor2), revision, "approve")
    assert refused_with(response, "没有审核权限")
    assert state(revision) == Revision.ReviewState.SUBMITTED


@pytest.mark.django_db
def test_review_record_refuses_final_approval_of_unapproved(
    client, editor, approver, speech
):
    revision = builders.submitted(speech, editor, TEXT)
    response = decide(login(client, approver), revision, "final_approval")
    assert refused_with(response, "尚未审核通过，不能批准为定稿")
    assert Speech.objects.get(pk=speech.pk).final_revision is None


@pytest.mark.django_db
def test_review_record_refuses_final_approval_by_a_reviewer(
    client, editor, reviewer, approver, speech
):
    revision = builders.approved(speech, editor, TEXT, reviewer=reviewer)
    response = decide(login(client, reviewer), revision, "final_approval")
    assert refused_with(response, "只有签发人可以批准定稿")


@pytest.mark.django_db
def test_review_record_refuses_a_stale_revision(client, editor, reviewer, speech):
    first = builders.submitted(speech, editor, TEXT)
    builders.revision(speech, editor, FIXED)
    response = decide(login(client, reviewer), first, "approve")
    assert refused_with(response, "已不是最新版本")
    assert state(first) == Revision.ReviewState.SUBMITTED


@pytest.mark.django_db
def test_review_record_request_changes_needs_a_note(client, editor, reviewer, speech):
    revision = builders.submitted(speech, editor, TEXT)
    client = login(client, reviewer)
    assert refused_with(decide(client, revision, "request_changes"), "写明修改意见")
    response = decide(client, revision, "request_changes", "请核对数据。")
    assert ("success", "已退回修改：第1版。") in flashed(response)
    assert state(revision) == Revision.ReviewState.CHANGES_REQUESTED
    assert "请核对数据。" in response.content.decode()


@pytest.mark.django_db
def test_review_record_comment_decision_needs_a_note(client, editor, speech):
    revision = builders.revision(speech, editor, TEXT)
    client = login(client, editor)
    assert refused_with(decide(client, revision, "comment", " "), "审阅意见不能为空")
    response = decide(client, revision, "comment", "第二段再斟酌。")
    assert ("success", "已发表审阅意见：第1版。") in flashed(response)
    assert revision.reviews.get().decision == Review.Decision.COMMENT


@pytest.mark.django_db
def test_review_record_refuses_an_unknown_decision(client, editor, reviewer, speech):
    revision = builders.submitted(speech, editor, TEXT)
    response = decide(login(client, reviewer), revision, "publish")
    assert refused_with(response, "publish")
    assert not revision.reviews.exists()


@pytest.mark.django_db
def test_review_record_final_approval_is_shown_as_a_signature(
    client, editor, reviewer, approver, speech
):
    approver.first_name = "赵签发"
    approver.save(update_fields=["first_name"])
    revision = builders.approved(speech, editor, TEXT, reviewer=reviewer)
    response = decide(login(client, approver), revision, "final_approval")
    assert ("success", "已批准第1版为定稿。") in flashed(response)
    body = response.content.decode()
    signature = body[body.index('class="decision signature"') :]
    signature = signature[: signature.index("</li>")]
    assert "<dd>赵签发</dd>" in signature
    assert "批准第1版为定稿" in signature
    assert f"SHA-256 {revision.text_sha256[:12]}" in signature
    assert "与本版正文一致" in signature and "UTC+0800" in signature
    speech_page = client.get(speech.get_absolute_url()).content.decode()
    assert "已定稿" in speech_page and 'class="badge badge-final"' in speech_page


@pytest.mark.django_db
def test_speech_page_keeps_the_final_badge_after_a_reopen(
    client, editor, reviewer, approver, speech
):
    final = builders.approved(speech, editor, TEXT, reviewer=reviewer)
    services.review_record(revision=final, reviewer=approver, decision="final_approval")
    builders.revision(speech, editor, FIXED)
    body = login(client, editor).get(speech.get_absolute_url()).content.decode()
    assert "起草中" in body
    rows = {number: row for number, row in timeline_rows(body)}
    assert "badge-final" in rows[1] and "审核通过" in rows[1]
    assert "badge-final" not in rows[2]
    assert body.count('class="badge badge-final"') == 1


def timeline_rows(body: str) -> list[tuple[int, str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        (int(re.search(r">第(\d+)版</a>", row).group(1)), row)
        for row in rows
        if 'class="version"' in row
    ]


# Which forms show -----------------------------------------------------------


def forms_on(client, revision) -> set[str]:
    body = client.get(page_url(revision)).content.decode()
    labels = ["提交审核", "审核通过", "退回修改", "批准为定稿", "发表审阅意见"]
    return {label for label in labels if f">{label}</button>" in body}


@pytest.mark.django_db
def test_revision_page_shows_only_the_forms_that_apply(
    client, editor, reviewer, approver, speech
):
    revision = builders.revision(speech, editor, TEXT)
    assert forms_on(login(client, editor), revision) == {"提交审核", "发表审阅意见"}
    services.revision_submit(revision=revision, user=editor)
    assert forms_on(client, revision) == {"发表审阅意见"}
    assert forms_on(login(client, reviewer), revision) == {
        "审核通过",
        "退回修改",
        "发表审阅意见",
    }
    services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    assert forms_on(client, revision) == {"退回修改", "发表审阅意见"}
    assert forms_on(login(client, approver), revision) == {
        "批准为定稿",
        "退回修改",
        "发表审阅意见",
    }


@pytest.mark.django_db
def test_revision_page_shows_no_forms_to_outsiders(client, editor, outsider, speech):
    revision = builders.revision(speech, editor, TEXT)
    body = login(client, outsider).get(page_url(revision)).content.decode()
    assert 'method="post" action="/speeches' not in body
    assert "添加批注" not in body


# Login, CSRF and methods ------------------------------------------------------


def every_post_url(revision, comment) -> list[str]:
    urls = [url(name, revision) for name in POST_VIEWS]
    return [*urls, url("comment_set_resolved", revision, pk=comment.pk)]


@pytest.fixture
def commented(editor, reviewer, speech):
    revision = builders.submitted(speech, editor, TEXT)
    comment = services.comment_add(
        revision=revision, paragraph=1, author=reviewer, text="数据要核实。"
    )
    return revision, comment


@pytest.mark.django_db
def test_review_views_require_login(client, commented):
    revision, comment = commented
    for target in every_post_url(revision, comment):
        response = client.post(target, {"decision": "approve", "is_resolved": "1"})
        assert response.status_code == 302, target
        assert response["Location"].startswith(reverse("login")), target
    assert not revision.reviews.exists()
    assert not Comment.objects.get(pk=comment.pk).is_resolved


@pytest.mark.django_db
def test_review_views_require_csrf(reviewer, commented):
    revision, comment = commented
    client = login(Client(enforce_csrf_checks=True), reviewer)
    for target in every_post_url(revision, comment):
        response = client.post(target, {"decision": "approve", "is_resolved": "1"})
        assert response.status_code == 403, target
    assert not revision.reviews.exists()


@pytest.mark.django_db
def test_review_views_refuse_get(client, reviewer, commented):
    revision, comment = commented
    login(client, reviewer)
    for target in every_post_url(revision, comment):
        assert client.get(target).status_code == 405, target


@pytest.mark.django_db
def test_review_views_404_for_unknown_revisions(client, reviewer, commented):
    revision, _ = commented
    login(client, reviewer)
    missing = reverse(
        "drafts:review_record", kwargs={"slug": revision.speech.slug, "number": 9}
    )
    assert client.post(missing, {"decision": "approve"}).status_code == 404


# Comments -------------------------------------------------------------------


def notes_of(body: str, number: int) -> str:
    """Return the comment column beside paragraph *number* (1-based)."""
    start = body.index(f'<aside class="notes" aria-label="第{number}段批注">')
    return body[start : body.index("</aside>", start)]


@pytest.mark.django_db
def test_comment_add_puts_the_comment_beside_its_paragraph(
    client, editor, reviewer, speech
):
    revision = builders.revision(speech, editor, TEXT)
    response = post(
        login(client, reviewer),
        "comment_add",
        revision,
        {"paragraph": 2, "text": "这一句太空泛。"},
    )
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0] == page_url(revision) + f"#note-{comment.pk}"
    assert ("success", "已在第3段添加批注。") in flashed(response)
    body = response.content.decode()
    assert "这一句太空泛。" in notes_of(body, 3)
    assert "这一句太空泛。" not in notes_of(body, 2)
    assert "1 条批注待解决" in body


@pytest.mark.django_db
def test_comment_add_refuses_empty_text_bad_paragraph_and_outsiders(
    client, editor, outsider, speech
):
    revision = builders.revision(speech, editor, TEXT)
    login(client, editor)
    empty = post(client, "comment_add", revision, {"paragraph": 0, "text": ""})
    assert refused_with(empty, "批注内容不能为空")
    beyond = post(client, "comment_add", revision, {"paragraph": 4, "text": "x"})
    assert refused_with(beyond, "所选段落不存在")
    response = post(
        login(client, outsider), "comment_add", revision, {"paragraph": 0, "text": "x"}
    )
    assert response.status_code == 404
    builders.member(speech, outsider)  # a member with no role still sees nothing
    response = post(client, "comment_add", revision, {"paragraph": 0, "text": "x"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_comment_set_resolved_resolves_and_reopens(client, editor, commented):
    revision, comment = commented
    login(client, editor)
    resolved = post(
        client, "comment_set_resolved", revision, {"is_resolved": "1"}, pk=comment.pk
    )
    assert ("success", "批注已解决。") in flashed(resolved)
    assert Comment.objects.get(pk=comment.pk).resolved_by == editor
    note = notes_of(resolved.content.decode(), 2)
    assert "已解决" in note and ">重新打开</button>" in note
    reopened = post(
        client, "comment_set_resolved", revision, {"is_resolved": "0"}, pk=comment.pk
    )
    assert ("success", "批注已重新打开。") in flashed(reopened)
    assert not Comment.objects.get(pk=comment.pk).is_resolved
    assert ">解决</button>" in notes_of(reopened.content.decode(), 2)


@pytest.mark.django_db
def test_comment_set_resolved_refuses_a_bad_value(client, editor, commented):
    revision, comment = commented
    response = post(
        login(client, editor),
        "comment_set_resolved",
        revision,
        {"is_resolved": "maybe"},
        pk=comment.pk,
    )
    assert refused_with(response, "maybe")
    assert not Comment.objects.get(pk=comment.pk).is_resolved


@pytest.mark.django_db
def test_comments_are_carried_onto_a_later_revision_with_badges(
    client, editor, reviewer, speech
):
    first = builders.revision(speech, editor, TEXT)
    for paragraph, text in [(0, "称呼"), (1, "数据"), (2, "空泛")]:
        services.comment_add(
            revision=first, paragraph=paragraph, author=reviewer, text=text
        )
    second = builders.revision(speech, editor, FIXED)
    body = login(client, editor).get(page_url(second)).content.decode()
    assert "称呼" in notes_of(body, 1) and "badge-carried" not in notes_of(body, 1)
    assert "数据" in notes_of(body, 2) and "段落已修改" in notes_of(body, 2)
    assert "第1版第2段" in notes_of(body, 2)
    lost = body[body.index("已删除段落的批注") :]
    assert "空泛" in lost and "段落已删除" in lost
    assert "空泛" not in body[: body.index("已删除段落的批注")]


@pytest.mark.django_db
def test_comment_of_an_earlier_revision_is_resolved_from_a_later_one(
    client, editor, commented, speech
):
    first, comment = commented
    second = builders.revision(speech, editor, FIXED)
    response = post(
        login(client, editor),
        "comment_set_resolved",
        second,
        {"is_resolved": "1"},
        pk=comment.pk,
    )
    assert response.redirect_chain[-1][0] == page_url(second) + f"#note-{comment.pk}"
    assert Comment.objects.get(pk=comment.pk).is_resolved
    later = services.comment_add(
        revision=second, paragraph=0, author=editor, text="后来的批注"
    )
    target = url("comment_set_resolved", first, pk=later.pk)
    assert client.post(target, {"is_resolved": "1"}).status_code == 404


@pytest.mark.django_db
def test_revision_page_escapes_comment_and_note_text(client, editor, reviewer, speech):
    script = '<script>alert("x")</script>'
    revision = builders.submitted(speech, editor, TEXT)
    services.comment_add(revision=revision, paragraph=0, author=reviewer, text=script)
    services.review_record(
        revision=revision, reviewer=reviewer, decision="request_changes", note=script
    )
    body = login(client, editor).get(page_url(revision)).content.decode()
    assert script not in body
    assert body.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 2


# Since the last review ------------------------------------------------------------


@pytest.mark.django_db
def test_since_last_review_link_compares_with_the_latest(
    client, editor, reviewer, speech
):
    first = builders.submitted(speech, editor, TEXT)
    services.review_record(
        revision=first, reviewer=reviewer, decision="request_changes", note="改"
    )
    second = builders.submitted(speech, editor, FIXED)
    compare = reverse("drafts:compare", kwargs={"slug": speech.slug, "a": 1, "b": 2})
    login(client, reviewer)
    for target in (page_url(first), page_url(second), speech.get_absolute_url()):
        body = client.get(target).content.decode()
        assert f'class="button since-review" href="{compare}"' in body, target
    editor_page = login(Client(), editor).get(speech.get_absolute_url())
    assert "自上次审阅以来的修改" not in editor_page.content.decode()
    services.review_record(revision=second, reviewer=reviewer, decision="approve")
    assert "自上次审阅以来的修改" not in client.get(page_url(second)).content.decode()


@pytest.mark.django_db
def test_revision_page_carries_one_comment_form_not_one_per_paragraph(
    client, editor, speech
):
    revision = builders.revision(speech, editor, TEXT)
    body = login(client, editor).get(page_url(revision)).content.decode()
    paragraphs = body.count('class="para-row"')
    assert paragraphs >= 2
    assert body.count('name="paragraph"') == 1  # the template the script clones
    assert body.count('<template id="note-form-template">') == 1
    assert body.count('class="note-link" href="?note=') == paragraphs
    # Without scripts, the link brings the page back with the form in place.
    with_form = client.get(page_url(revision) + "?note=2").content.decode()
    placed = with_form.split('id="p2"')[1].split('class="para-row"')[0]
    assert 'id="note-text-2"' in placed and 'value="1"' in placed
    assert "<details" in placed and " open>" in placed
