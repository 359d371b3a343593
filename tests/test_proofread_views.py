"""Proofreading on the revision page: findings, marks, outline, metrics, fixes."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from drafts import reviewing, services
from drafts.models import Revision
from tests import builders

SEMICOLON = "中文语境中应使用全角“；”，而非半角“;”"
EXCLAMATION = "中文语境中应使用全角“！”，而非半角“!”"


@pytest.fixture
def demo_page(client, demo) -> str:
    client.force_login(get_user_model().objects.get(username="editor"))
    response = client.get(demo.revisions.get(number=1).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def findings_of(body: str) -> list[str]:
    start = body.index('<ol class="findings">')
    panel = body[start : body.index("</ol>", start)]
    messages = re.findall(r'<p class="finding-message">(.*?)</p>', panel, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in messages]


def marks_of(body: str) -> list[tuple[str, str]]:
    found = re.findall(r'<mark class="finding code-(\w+)"[^>]*>(.*?)</mark>', body)
    return [(code, html.unescape(text)) for code, text in found]


def fixes_url(revision) -> str:
    kwargs = {"slug": revision.speech.slug, "number": revision.number}
    return reverse("drafts:revision_apply_fixes", kwargs=kwargs)


def flashed(response) -> list[tuple[str, str]]:
    found = re.findall(r'<li class="msg-(\w+)">(.*?)</li>', response.content.decode())
    return [(level, html.unescape(text)) for level, text in found]


def test_revision_page_lists_the_demo_findings(demo_page):
    findings = findings_of(demo_page)
    assert findings.count(SEMICOLON) == 30
    assert findings.count(EXCLAMATION) == 2
    assert "缺少序号，应为“4、”" in findings
    assert any(f.startswith("书名号内的书名应使用单书名号“〈〉”") for f in findings)
    assert len(findings) == 34
    assert '<a class="where" href="#p10">第10段</a>' in demo_page
    assert "建议：<q>4、</q>" in demo_page


def test_revision_page_marks_the_flagged_characters(demo_page):
    marks = marks_of(demo_page)
    assert marks.count(("half_width_punct", ";")) == 30
    assert marks.count(("half_width_punct", "!")) == 2
    assert ("nested_title", "<") in marks
    assert ("heading_missing_number", "、") in marks
    assert '<mark class="finding code-nested_title" id="f4"' in demo_page
    assert 'href="#f4"' in demo_page
    paragraph = re.search(r'<p id="p10">.*?</p>', demo_page).group(0)
    assert paragraph.count("<mark") == 1 + paragraph.count(";</mark>") == 16


def test_revision_page_text_is_whole_between_the_marks(demo, demo_page):
    shown = re.findall(r'<p id="p\d+">(.*?)</p>', demo_page)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in shown]
    source = demo.revisions.get(number=1).text.split("\n")
    assert texts == [f"{k}{line}" for k, line in enumerate(source, start=1) if line]


def test_revision_page_shows_the_outline(demo_page):
    start = demo_page.index('<nav class="panel outline-panel"')
    outline = demo_page[start : demo_page.index("</nav>", start)]
    heads = re.findall(r'<a href="#p(\d+)"><span class="marker">(.*?)</span>', outline)
    assert heads[0] == ("5", "一、") and heads[1] == ("7", "1.")
    assert ("10", "4.") in heads and ("11", "二、") in heads and ("16", "三、") in heads
    assert len(heads) == 13
    assert "认清形势，牢牢把握组织工作的正确方向" in outline


def test_revision_page_shows_the_metrics(demo_page):
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", demo_page))
    assert figures["汉字数"] == "5935"
    assert figures["总字数"] == "6682"
    assert figures["段落数"] == "21"
    assert figures["预计讲话时长"] == "30.4 分钟"


def test_revision_page_hides_fixes_on_an_older_revision(demo_page):
    assert 'id="fixes"' not in demo_page
    assert "只能应用于最新版本" in demo_page


# Applying fixes ---------------------------------------------------------------


@pytest.fixture
def draft(speech, editor):
    return builders.revision(speech, editor, builders.demo_text())


def semicolons(revision) -> list[int]:
    issues = services.revision_findings(revision).issues
    return [k for k, i in enumerate(issues) if i.suggestion == "；"]


@pytest.mark.django_db
def test_revision_page_offers_mechanical_fixes_only(client, editor, draft):
    client.force_login(editor)
    body = client.get(draft.get_absolute_url()).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="chosen" value="(\d+)"', body)
    assert len(boxes) == 32
    assert 'form="fixes"' in body and "应用所选修正（生成新版本）" in body
    issues = services.revision_findings(draft).issues
    assert all(issues[int(k)].is_mechanical for k in boxes)


@pytest.mark.django_db
def test_revision_apply_fixes_creates_the_next_revision(client, editor, draft):
    client.force_login(editor)
    chosen = semicolons(draft)[:2]
    response = client.post(fixes_url(draft), {"chosen": chosen}, follow=True)
    fixed = Revision.objects.get(speech=draft.speech, number=2)
    assert response.redirect_chain[-1][0] == fixed.get_absolute_url()
    assert ("success", "已应用 2 处修正，生成第2版。") in flashed(response)
    assert fixed.parent == draft and fixed.author == editor
    assert fixed.note.startswith("校对修正 2 处：第7段“;”改为“；”")
    assert fixed.text.count(";") == draft.text.count(";") - 2
    assert "心力不足；有的眼花缭乱，消极颓废；有的跟着感觉走" in fixed.text
    assert "有的跟着感觉走，迷失方向;" in fixed.text
    assert findings_of(response.content.decode()).count(SEMICOLON) == 28


@pytest.mark.django_db
def test_revision_apply_fixes_refuses_empty_and_non_mechanical(client, editor, draft):
    client.force_login(editor)
    issues = services.revision_findings(draft).issues
    nested = next(k for k, i in enumerate(issues) if i.code == "nested_title")
    for data, words in [
        ({}, "请至少选择一处"),
        ({"chosen": [nested]}, "无法自动修正"),
        ({"chosen": ["x"]}, "所选问题无效"),
        ({"chosen": [999]}, "无法自动修正"),
    ]:
        response = client.post(fixes_url(draft), data, follow=True)
        assert response.redirect_chain[-1][0] == draft.get_absolute_url() + "#findings"
        assert any(
            level == "error" and words in text for level, text in flashed(response)
        ), data
    assert draft.speech.revisions.count() == 1


@pytest.mark.django_db
def test_revision_apply_fixes_refuses_a_stale_revision(client, editor, draft):
    builders.revision(draft.speech, editor, builders.demo_text() + "\n补充一段。")
    client.force_login(editor)
    response = client.post(fixes_url(draft), {"chosen": semicolons(draft)[:1]})
    assert response.status_code == 302
    assert draft.speech.revisions.count() == 2


@pytest.mark.django_db
def test_revision_apply_fixes_is_forbidden_without_add_revision(
    client, editor, approver, outsider, draft
):
    client.force_login(approver)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="fixes"' not in body and 'name="chosen"' not in body
    assert "应用所选修正" not in body
    response = client.post(fixes_url(draft), {"chosen": semicolons(draft)[:1]})
    assert response.status_code == 403
    client.force_login(outsider)
    response = client.post(fixes_url(draft), {"chosen": semicolons(draft)[:1]})
    assert response.status_code == 404
    assert draft.speech.revisions.count() == 1


def test_marked_pieces_clip_overlapping_marks():
    pieces = reviewing.marked_pieces(
        "甲乙丙丁戊", [(1, 3, "a"), (2, 4, "b"), (3, 3, "c")]
    )
    assert [(p.text, p.finding) for p in pieces] == [
        ("甲", None),
        ("乙丙", "a"),
        ("丁", "b"),
        ("戊", None),
    ]
