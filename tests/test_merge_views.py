"""Merging an upload refused as stale onto the latest revision."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from drafts.diffing import split_paragraphs
from drafts.models import Revision
from tests import builders

OPENING = "同志们：今天召开全市组织工作会议，主要任务是总结去年工作，部署今年任务。"
TASKS = "今年全市组织工作的首要任务是抓落实，确保各项部署见到实效。"
MIDDLE = "人才工作取得新的突破，全年引进高层次人才三百余名，人才结构不断改善。"
CLOSING = "希望大家认真落实会议精神，推动组织工作再上新台阶。"
BASE = [OPENING, TASKS, MIDDLE, CLOSING]
# The latest revision, by another writer, edits the tasks paragraph.
THEIRS_TASKS = TASKS.replace("抓落实", "抓改革")
THEIRS = [OPENING, THEIRS_TASKS, MIDDLE, CLOSING]
# Mine edits the closing paragraph (clean) or the same words (a conflict).
MINE_CLOSING = CLOSING.replace("再上新台阶", "迈上新台阶")
MINE_TASKS = TASKS.replace("抓落实", "抓发展")


def text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


@pytest.fixture
def stale(speech, editor, editor2):
    """Revision 1 by the editor; revision 2 by editor2 is the latest."""
    builders.revision(speech, editor, text(BASE))
    builders.revision(speech, editor2, text(THEIRS))
    return speech


def merge_url(speech) -> str:
    return reverse("drafts:revision_merge", args=[speech.slug])


def upload_url(speech) -> str:
    return reverse("drafts:revision_upload", args=[speech.slug])


def preview(client, speech, mine, **extra):
    data = {"text": text(mine), "base": "1", "note": "补充结束语", **extra}
    return client.post(merge_url(speech), data)


def confirm(client, speech, mine, **extra):
    return preview(client, speech, mine, confirm="True", latest="2", **extra)


def revision(number, speech) -> Revision:
    return Revision.objects.get(speech=speech, number=number)


@pytest.mark.django_db
def test_stale_upload_offers_to_merge_with_the_text_kept(editor_client, stale):
    data = {"text": text([OPENING, TASKS, MIDDLE, MINE_CLOSING]), "base": "1"}
    response = editor_client.post(upload_url(stale), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert '<form id="upload-form" method="post"' in html
    button = re.search(r'<button type="submit" form="upload-form"[^>]*>', html)
    assert f'formaction="{merge_url(stale)}"' in button.group(0)
    assert 'name="merge" value="1"' in button.group(0)
    assert "将我的修改合并到最新版本" in html
    assert MINE_CLOSING in html
    assert stale.revisions.count() == 2


@pytest.mark.django_db
def test_stale_file_upload_puts_the_decoded_text_in_the_text_box(editor_client, stale):
    mine = text([OPENING, TASKS, MIDDLE, MINE_CLOSING])
    upload = builders.docx_bytes(*split_paragraphs(mine))
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile("我的修改.docx", upload), "base": "1"}
    response = editor_client.post(upload_url(stale), data)
    html = response.content.decode()
    assert response.status_code == 409
    textarea = html.split('name="text"')[1].split("</textarea>")[0]
    assert MINE_CLOSING in textarea and OPENING in textarea
    assert "所选文件的文字已填入“粘贴正文”框" in html
    merged = confirm(editor_client, stale, split_paragraphs(mine))
    assert merged.status_code == 302
    assert split_paragraphs(revision(3, stale).text) == [
        OPENING,
        THEIRS_TASKS,
        MIDDLE,
        MINE_CLOSING,
    ]


@pytest.mark.django_db
def test_clean_merge_previews_then_stores_onto_the_latest(editor_client, stale, editor):
    mine = [OPENING, TASKS, MIDDLE, MINE_CLOSING]
    response = preview(editor_client, stale, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert stale.revisions.count() == 2  # nothing stored before confirming
    assert "没有冲突" in html and "自动合入 1 段" in html
    assert (
        f'<p class="mine"><span class="badge k-mine">我的修改</span> {MINE_CLOSING}'
        in html
    )
    assert f"<p>{THEIRS_TASKS}</p>" in html
    assert '<input type="hidden" name="latest" value="2"' in html
    assert '<input type="hidden" name="confirm" value="True"' in html
    response = confirm(editor_client, stale, mine)
    merged = revision(3, stale)
    assert response.status_code == 302
    assert response["Location"] == merged.get_absolute_url()
    assert split_paragraphs(merged.text) == [
        OPENING,
        THEIRS_TASKS,
        MIDDLE,
        MINE_CLOSING,
    ]
    assert merged.parent == revision(2, stale) and merged.author == editor
    assert merged.source_kind == Revision.SourceKind.MERGE
    assert merged.note == "补充结束语（在第1版基础上的修改，已合并到第2版）"
    page = editor_client.get(response["Location"]).content.decode()
    assert "已合并并保存为第3版。" in page


@pytest.mark.django_db
def test_the_preview_form_carries_the_text_through_unchanged(editor_client, stale):
    mine = [OPENING, TASKS, MIDDLE, MINE_CLOSING]
    html = preview(editor_client, stale, mine).content.decode()
    carried = re.search(
        r'<textarea name="text"[^>]*hidden[^>]*>\n(.*?)</textarea>', html, re.S
    )
    assert carried.group(1) == text(mine)
    assert '<input type="hidden" name="base" value="1"' in html


@pytest.mark.django_db
def test_conflict_shows_base_mine_and_latest_with_choices(editor_client, stale):
    mine = [OPENING, MINE_TASKS, MIDDLE, CLOSING]
    response = preview(editor_client, stale, mine)
    html = response.content.decode()
    conflict = html.split('<fieldset class="merge-conflict" id="conflict-1">')[1]
    conflict = conflict.split("</fieldset>")[0]
    assert "1 处需要选择" in html
    base = conflict.split('class="side base"')[1].split("</div>")[0]
    assert TASKS in base and "原文（第1版）" in base
    assert MINE_TASKS in conflict.split('class="side mine"')[1].split("</div>")[0]
    latest = conflict.split('class="side theirs"')[1].split("</div>")[0]
    assert THEIRS_TASKS in latest and "最新版本（第2版）" in latest
    for value, label in [("mine", "保留我的"), ("theirs", "保留最新")]:
        assert (
            f'<input type="radio" name="choice-0" value="{value}" required> {label}'
            in conflict
        )
    assert "两者都保留" in conflict
    assert stale.revisions.count() == 2


@pytest.mark.django_db
def test_confirming_a_conflict_without_a_choice_stores_nothing(editor_client, stale):
    mine = [OPENING, MINE_TASKS, MIDDLE, CLOSING]
    response = confirm(editor_client, stale, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "合并时有 1 处冲突" in html
    assert MINE_TASKS in html and THEIRS_TASKS in html
    assert stale.revisions.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "tasks"),
    [
        ("mine", [MINE_TASKS]),
        ("theirs", [THEIRS_TASKS]),
        ("both", [THEIRS_TASKS, MINE_TASKS]),
    ],
)
def test_each_conflict_choice_is_applied(editor_client, stale, choice, tasks):
    mine = [OPENING, MINE_TASKS, MIDDLE, MINE_CLOSING]
    response = confirm(editor_client, stale, mine, **{"choice-0": choice})
    assert response.status_code == 302
    expected = [OPENING, *tasks, MIDDLE, MINE_CLOSING]
    assert split_paragraphs(revision(3, stale).text) == expected


@pytest.mark.django_db
def test_a_choice_survives_a_failed_confirmation(editor_client, stale):
    mine = [OPENING, MINE_TASKS, MIDDLE, CLOSING]
    html = confirm(editor_client, stale, mine, **{"choice-0": "bogus"}).content
    assert b'value="mine" required>' in html  # asked again, nothing chosen
    again = preview(editor_client, stale, mine, **{"choice-0": "both"}).content
    assert b'value="both" required checked>' in again


@pytest.mark.django_db
def test_a_newer_revision_after_the_preview_asks_again(editor_client, stale, editor2):
    mine = [OPENING, MINE_TASKS, MIDDLE, CLOSING]
    newest = [OPENING, THEIRS_TASKS, MIDDLE, CLOSING, "又补充了一段。"]
    builders.revision(stale, editor2, text(newest))
    response = confirm(editor_client, stale, mine, **{"choice-0": "mine"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "预览之后又有了第3版，请重新核对。" in html
    assert '<input type="hidden" name="latest" value="3"' in html
    assert stale.revisions.count() == 3


@pytest.mark.django_db
def test_merging_my_edits_that_the_latest_already_has_is_refused(editor_client, stale):
    response = confirm(editor_client, stale, THEIRS)
    html = response.content.decode()
    assert response.status_code == 400
    assert "未保存" in html
    assert THEIRS_TASKS in html.split('name="text"')[1].split("</textarea>")[0]
    assert stale.revisions.count() == 2


@pytest.mark.django_db
def test_an_empty_text_goes_back_to_the_upload_page(editor_client, stale):
    response = editor_client.post(merge_url(stale), {"text": "", "base": "1"})
    assert response.status_code == 400
    assert "请先填写正文并选择基准版本。" in response.content.decode()


@pytest.mark.django_db
def test_merge_preview_escapes_user_text(editor_client, stale):
    mine = [OPENING, TASKS, MIDDLE, "<script>alert(1)</script> & 结束"]
    html = preview(editor_client, stale, mine).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 结束" in html
    assert "style=" not in html and not re.search(r"\son[a-z]+=", html)


@pytest.mark.django_db
def test_merge_needs_post_csrf_and_the_upload_role(stale, editor, outsider, approver):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(merge_url(stale)).status_code == 405
    assert preview(client, stale, BASE).status_code == 403
    other = Client()
    other.force_login(outsider)
    mine = [OPENING, TASKS, MIDDLE, MINE_CLOSING]
    assert confirm(other, stale, mine).status_code == 404
    other.force_login(approver)
    assert confirm(other, stale, mine).status_code == 403
    assert stale.revisions.count() == 2


@pytest.mark.django_db
def test_api_merges_a_stale_upload_the_same_way(stale, editor):
    client = APIClient()
    client.force_authenticate(editor)
    url = reverse("api_revision_list", args=[stale.slug])
    mine = text([OPENING, MINE_TASKS, MIDDLE, MINE_CLOSING])
    payload = {"text": mine, "parent": 1, "merge": True}
    conflict = client.post(url, payload, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "merge_conflict"
    stored = client.post(url, {**payload, "resolutions": ["both"]}, format="json")
    assert stored.status_code == 201
    merged = revision(3, stale)
    assert split_paragraphs(merged.text) == [
        OPENING,
        THEIRS_TASKS,
        MINE_TASKS,
        MIDDLE,
        MINE_CLOSING,
    ]
    assert merged.parent == revision(2, stale)
