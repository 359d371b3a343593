"""Accepting or rejecting single changes on the compare page."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from drafts.diffing import compare_texts, split_paragraphs
from drafts.models import Revision
from tests import builders

FILLER = [
    f"第{n}项：这是一段没有改动的讲话内容，涉及{n}个方面的具体工作安排。"
    for n in range(1, 9)
]
MODIFIED_OLD = "今天召开全市组织工作会议，主要任务是总结去年工作，部署今年任务。"
MODIFIED_NEW = "今天召开全市组织工作会议，主要任务是总结去年工作，部署今年重点任务。"
SPLIT_OLD = (
    "一是干部队伍建设不断加强，选人用人导向更加鲜明，干部结构持续优化。"
    "二是基层组织建设全面进步，战斗堡垒作用明显增强，党员队伍充满活力。"
)
SPLIT_NEW = SPLIT_OLD.replace("优化。", "优化。\n")
TALENT = "人才工作取得新的突破，全年引进高层次人才三百余名，人才结构不断改善。"
STAFF = "组织部门自身建设持续加强，干部作风进一步转变，服务水平稳步提高。"
MOVED = "过去一年，全市组织系统认真贯彻中央和省委部署，各项工作取得新进展。"
DELETED = "有关同志要按照分工抓紧研究具体措施，确保各项任务落到实处。"
INSERTED = "全市上下要把思想和行动统一到会议精神上来，凝心聚力抓落实。"
F = FILLER
OLD = [F[0], MODIFIED_OLD, F[1], MOVED, F[2], SPLIT_OLD, F[3], TALENT, STAFF]
OLD += [F[4], DELETED, F[5], F[6], F[7]]
NEW = [F[0], MODIFIED_NEW, F[1], F[2], SPLIT_NEW, F[3], TALENT + STAFF, F[4]]
NEW += [F[5], INSERTED, F[6], MOVED, F[7]]


def text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


def replaced(paragraphs: list[str], old: str, *new: str) -> list[str]:
    at = paragraphs.index(old)
    return [*paragraphs[:at], *new, *paragraphs[at + 1 :]]


# Old text with only one change taken, for each kind of change.
ONE_ACCEPTED = {
    "modified": replaced(OLD, MODIFIED_OLD, MODIFIED_NEW),
    "split": replaced(OLD, SPLIT_OLD, *SPLIT_NEW.split("\n")),
    "merged": replaced(replaced(OLD, STAFF), TALENT, TALENT + STAFF),
    "deleted": replaced(OLD, DELETED),
    "inserted": replaced(OLD, F[6], INSERTED, F[6]),
    "moved": replaced(replaced(OLD, MOVED), F[7], MOVED, F[7]),
}


@pytest.fixture
def pair(speech, editor):
    first = builders.revision(speech, editor, text(OLD), note="初稿")
    second = builders.revision(speech, editor, text(NEW), note="修改稿")
    return first, second


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def compare_url(speech, a=1, b=2) -> str:
    return reverse("drafts:compare", kwargs={"slug": speech.slug, "a": a, "b": b})


def accept_url(speech, a=1, b=2) -> str:
    kwargs = {"slug": speech.slug, "a": a, "b": b}
    return reverse("drafts:compare_accept", kwargs=kwargs)


def positions(old=OLD, new=NEW, **options) -> dict[str, int]:
    changes = compare_texts(text(old), text(new), **options).changes
    return {c.kind: k for k, c in enumerate(changes) if c.kind != "equal"}


def post(client, speech, accepted, follow=False, **data):
    data = {"accept": list(accepted), **data}
    return client.post(accept_url(speech), data, follow=follow)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_sample_has_one_change_of_every_kind():
    assert set(positions()) == set(ONE_ACCEPTED)


@pytest.mark.django_db
def test_accepting_some_changes_stores_the_reviewers_revision(
    reviewer_client, speech, pair, reviewer
):
    kinds = positions()
    accepted = {kinds["modified"], kinds["deleted"]}
    response = post(reviewer_client, speech, accepted)
    revision = Revision.objects.get(speech=speech, number=3)
    assert response.status_code == 302
    assert response["Location"] == revision.get_absolute_url()
    expected = replaced(ONE_ACCEPTED["modified"], DELETED)
    assert split_paragraphs(revision.text) == expected
    assert revision.parent == pair[1] and revision.author == reviewer
    assert revision.source_kind == Revision.SourceKind.ACCEPTED
    assert "接受 2 处" in revision.note and "拒绝 4 处" in revision.note
    page = reviewer_client.get(response["Location"])
    assert "已按您的取舍生成第3版。" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(ONE_ACCEPTED))
def test_accepting_one_change_of_each_kind(reviewer_client, speech, pair, kind):
    post(reviewer_client, speech, [positions()[kind]])
    revision = Revision.objects.get(speech=speech, number=3)
    assert split_paragraphs(revision.text) == ONE_ACCEPTED[kind]


@pytest.mark.django_db
def test_rejecting_every_change_restores_the_old_text(reviewer_client, speech, pair):
    post(reviewer_client, speech, [])
    revision = Revision.objects.get(speech=speech, number=3)
    assert split_paragraphs(revision.text) == OLD
    assert "接受 0 处" in revision.note


@pytest.mark.django_db
def test_accepting_every_change_is_refused_with_a_message(
    reviewer_client, speech, pair
):
    response = post(reviewer_client, speech, positions().values(), follow=True)
    assert response.redirect_chain[-1][0] == compare_url(speech)
    assert messages_of(response) == [
        "已接受全部修改，结果与第2版相同，无需生成新版本。"
    ]
    assert speech.revisions.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("accepted", [["99"], ["0"], ["x"]])
def test_unknown_or_bad_positions_are_refused(reviewer_client, speech, pair, accepted):
    response = post(reviewer_client, speech, accepted, follow=True)
    assert response.redirect_chain[-1][0] == compare_url(speech)
    assert len(messages_of(response)) == 1
    assert "刷新页面后重试" in messages_of(response)[0]
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_decisions_follow_the_punctuation_option_and_keep_the_options(
    reviewer_client, speech, editor
):
    old = ["第一段内容;需要修改。", "第二段内容：保持不变，说明情况。"]
    new = ["第一段内容；需要修改。", "第二段内容：保持不变，说明了情况。"]
    builders.revision(speech, editor, text(old))
    builders.revision(speech, editor, text(new))
    ignoring = positions(old, new, ignore_punct_width=True)
    assert list(ignoring) == ["modified"]  # the semicolon no longer counts
    data = {"ignore_punct": "1", "view": "inline"}
    response = post(reviewer_client, speech, [], **data)
    assert split_paragraphs(Revision.objects.get(number=3).text) == old
    refused = post(reviewer_client, speech, ignoring.values(), **data)
    query = "?ignore_punct=1&view=inline"
    assert refused["Location"] == compare_url(speech) + query
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_editor_may_not_accept_changes(editor_client, speech, pair):
    response = post(editor_client, speech, [positions()["modified"]])
    assert response.status_code == 403
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_an_approver_who_does_not_review_gets_no_boxes_and_a_403(
    speech, pair, approver
):
    client = Client()
    client.force_login(approver)
    assert checkboxes(client.get(compare_url(speech)).content.decode()) == []
    response = post(client, speech, [positions()["modified"]])
    assert response.status_code == 403
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_drawn_changes_kept_for_one_user_show_boxes_only_to_who_may_accept(
    reviewer_client, speech, pair, approver
):
    # The page keeps the drawn changes (templates/drafts/compare.html): the
    # boxes must follow the user, not whoever drew them first.
    approver_client = Client()
    approver_client.force_login(approver)
    for _ in range(2):
        assert checkboxes(reviewer_client.get(compare_url(speech)).content.decode())
        html = approver_client.get(compare_url(speech)).content.decode()
        assert checkboxes(html) == [] and 'name="accept"' not in html


@pytest.mark.django_db
def test_a_reviewer_without_the_upload_role_gets_no_boxes_and_a_message(
    speech, pair, reviewer
):
    reviewer.groups.remove(Group.objects.get(name=builders.REVIEWERS))
    reviewer.user_permissions.add(
        Permission.objects.get(codename="review_revision"),
        Permission.objects.get(codename="view_speech"),
    )
    client = Client()
    client.force_login(reviewer)
    assert checkboxes(client.get(compare_url(speech)).content.decode()) == []
    response = post(client, speech, [positions()["modified"]], follow=True)
    assert messages_of(response) == ["没有上传版本的权限。"]
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_accepting_needs_a_login(client, speech, pair):
    response = post(client, speech, [positions()["modified"]])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_a_proposal_that_is_no_longer_latest_is_refused(
    reviewer_client, speech, pair, editor
):
    builders.revision(speech, editor, text(NEW) + "\n又补充了一段。")
    response = post(reviewer_client, speech, [positions()["modified"]], follow=True)
    assert response.redirect_chain[-1][0] == compare_url(speech)
    [message] = messages_of(response)
    assert "第2版已不是最新版本" in message
    assert speech.revisions.count() == 3


@pytest.mark.django_db
def test_accepting_checks_the_csrf_token(speech, pair, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = post(client, speech, [positions()["modified"]])
    assert response.status_code == 403
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_accepting_by_get_is_not_allowed(reviewer_client, speech, pair):
    assert reviewer_client.get(accept_url(speech)).status_code == 405


@pytest.mark.django_db
def test_unknown_revisions_are_not_found(reviewer_client, speech, pair):
    response = reviewer_client.post(accept_url(speech, 1, 9), {"accept": ["1"]})
    assert response.status_code == 404


# The page


def checkboxes(html: str) -> list[str]:
    return re.findall(
        r'<input type="checkbox" name="accept" value="(\d+)" form="accept-form"'
        r" checked",
        html,
    )


@pytest.mark.django_db
def test_reviewers_get_a_checked_box_per_change_and_the_form(
    reviewer_client, speech, pair
):
    html = reviewer_client.get(compare_url(speech)).content.decode()
    assert checkboxes(html) == [str(k) for k in sorted(positions().values())]
    assert f'id="accept-form" method="post" action="{accept_url(speech)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "生成采纳后的新版本" in html and "全部接受" in html and "全部拒绝" in html
    assert 'aria-label="接受第1处修改"' in html


@pytest.mark.django_db
def test_accept_form_carries_the_page_options(reviewer_client, speech, pair):
    html = reviewer_client.get(compare_url(speech) + "?ignore_punct=1").content
    form = html.decode().split('id="accept-form"')[1].split("</form>")[0]
    assert '<input type="hidden" name="ignore_punct" value="1">' in form


@pytest.mark.django_db
def test_no_checkboxes_for_editors_older_pairs_or_reversed_pairs(
    reviewer_client, editor_client, speech, pair, editor
):
    assert checkboxes(editor_client.get(compare_url(speech)).content.decode()) == []
    reversed_pair = reviewer_client.get(compare_url(speech, 2, 1)).content.decode()
    assert checkboxes(reversed_pair) == [] and "accept-form" not in reversed_pair
    builders.revision(speech, editor, text(NEW) + "\n又补充了一段。")
    older = reviewer_client.get(compare_url(speech)).content.decode()
    assert checkboxes(older) == [] and "accept-form" not in older
    assert checkboxes(reviewer_client.get(compare_url(speech, 2, 3)).content.decode())


@pytest.mark.django_db
def test_accepting_adds_no_inline_script_or_style(reviewer_client, speech, pair):
    html = reviewer_client.get(compare_url(speech)).content.decode()
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/drafts/compare.js" defer>'
    ]
