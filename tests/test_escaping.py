"""User text is escaped wherever it is drawn: a template that marks it safe
must fail here."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import builders

TITLE = '<script>alert("title")</script>讲话'
UNCHANGED = "开头<img src=x onerror=alert(1)>不变"
QUIET = "中间<b onclick=alert(2)>未改</b>"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def hostile(editor):
    speech = builders.speech(editor, title=TITLE, slug="hostile")
    # Enough unchanged paragraphs that some are drawn in context and the
    # rest folded away.
    unchanged = [UNCHANGED, *[f"{QUIET}{n}" for n in range(6)]]
    builders.revision(speech, editor, "\n".join([*unchanged, "结尾100个。"]))
    builders.revision(speech, editor, "\n".join([*unchanged, "结尾120个。"]))
    return speech


@pytest.mark.django_db
def test_speech_titles_are_escaped_in_the_list_and_on_the_speech(
    hostile, editor_client
):
    for url in (reverse("drafts:speech_list"), hostile.get_absolute_url()):
        html = _page(editor_client, url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;讲话" in html


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["side", "inline"])
def test_unchanged_paragraphs_are_escaped_on_the_compare_page(
    hostile, editor_client, view
):
    url = reverse("drafts:compare", args=[hostile.slug, 1, 2]) + f"?view={view}"
    html = _page(editor_client, url)
    assert "<img" not in html and "<b onclick" not in html
    assert "中间&lt;b onclick=alert(2)&gt;未改&lt;/b&gt;5" in html  # beside the change
    # The folded ones, as a fold fetches them and as a page of their own.
    folded = reverse("drafts:compare_unchanged", args=[hostile.slug, 1, 2, 1, 6])
    for query in (f"?view={view}&fragment=1", f"?view={view}"):
        fold = _page(editor_client, folded + query)
        assert "<img" not in fold and "<b onclick" not in fold
        assert "开头&lt;img src=x onerror=alert(1)&gt;不变" in fold


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?view=inline", "?granularity=word"])
def test_changed_text_is_escaped_on_the_compare_page(
    hostile, editor, editor_client, query
):
    # Drawn into HTML once, in Python (comparing._drawn), and kept: every
    # piece, kept, deleted or inserted, must come out escaped.
    deleted = "<b>本段讲述财政预算执行情况和审计发现的问题</b>"
    inserted = "<q>另起一行谈谈春节期间安全生产注意事项</q>"
    before = f"保留<u>旧</u>的<i>删去</i>文字\n{deleted}"
    after = f"保留<u>旧</u>的<em onmouseover=alert(3)>新增</em>文字\n{inserted}"
    builders.revision(hostile, editor, before)
    builders.revision(hostile, editor, after)
    url = reverse("drafts:compare", args=[hostile.slug, 3, 4]) + query
    html = _page(editor_client, url)
    for raw in ("<u>", "<i>", "<em", "<b>", "<q>"):
        assert raw not in html
    assert "&lt;b&gt;本段讲述财政预算执行情况和审计发现的问题&lt;/b&gt;" in html
    # The marks may cut the text anywhere: read the new text without them.
    text = re.sub(r"</?ins[^>]*>", "", re.sub(r"<del[^>]*>.*?</del>", "", html))
    assert "保留&lt;u&gt;旧&lt;/u&gt;的" in text
    assert "&lt;em onmouseover=alert(3)&gt;新增&lt;/em&gt;" in text


@pytest.mark.django_db
def test_unchanged_paragraphs_are_escaped_on_the_revision_page(hostile, editor_client):
    html = _page(editor_client, reverse("drafts:revision_detail", args=["hostile", 2]))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.django_db
def test_text_marked_by_proofreading_is_escaped_on_the_revision_page(
    hostile, editor, editor_client
):
    # The nested title's "<" and ">" are each marked as a finding: drawn in
    # Python (reviewing.ParagraphRow.drawn), marked pieces must come out
    # escaped like plain ones.
    builders.revision(
        hostile, editor, "《关于<b>加强工作的通知》要求\n第二段<i>正文</i>"
    )
    html = _page(editor_client, reverse("drafts:revision_detail", args=["hostile", 3]))
    assert "<b>" not in html and "<i>" not in html
    assert re.search(r'<mark class="finding code-nested_title"[^>]*>&lt;</mark>', html)
    assert "第二段&lt;i&gt;正文&lt;/i&gt;" in html


@pytest.mark.django_db
def test_member_names_are_escaped(hostile, editor):
    mallory = builders.user("mallory", builders.EDITORS)
    mallory.first_name = "<i>马</i>"
    mallory.save(update_fields=["first_name"])
    builders.member(hostile, mallory)
    client = Client()
    client.force_login(editor)
    html = _page(client, hostile.get_absolute_url())
    assert "<i>马</i>" not in html and "&lt;i&gt;马&lt;/i&gt;" in html
