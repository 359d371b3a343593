"""Proofreading findings a newer revision introduced and fixed: the pure
matcher, and the panel on the compare page."""

import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse

from drafts import comparing
from drafts.diffing import compare_texts
from drafts.finding_delta import finding_delta
from drafts.models import Revision
from drafts.proofing import proofread
from tests import builders

INTRO = "同志们：\n今天召开全市工作会议，主要任务是总结工作、部署任务。"
BODY = "一是抓学习;二是抓落实。"
TAIL = "希望大家认真落实会议精神，推动各项工作再上新台阶。"


def delta(old: str, new: str):
    return finding_delta(
        old,
        new,
        old_issues=proofread(old).issues,
        new_issues=proofread(new).issues,
        changes=compare_texts(old, new).changes,
    )


def codes(findings) -> list[tuple[str, str, int]]:
    return [(f.issue.code, f.flagged, f.issue.paragraph) for f in findings]


# The pure matcher


def test_finding_delta_of_an_unchanged_text_is_empty():
    text = "\n".join([INTRO, BODY, TAIL])
    result = delta(text, text)
    assert result.introduced == () and result.fixed == ()


def test_finding_delta_reports_a_fixed_semicolon():
    old = "\n".join([INTRO, BODY, TAIL])
    result = delta(old, old.replace(";", "；"))
    assert codes(result.fixed) == [("half_width_punct", ";", 2)]
    assert result.introduced == ()


def test_finding_delta_reports_an_introduced_doubled_word():
    old = "\n".join([INTRO, "我们的工作很重要。", TAIL])
    result = delta(old, old.replace("我们的工作", "我们的的工作"))
    assert codes(result.introduced) == [("repeated_word", "的的", 2)]
    assert result.introduced[0].issue.message == "“的”重复，疑为误输入"
    assert result.fixed == ()


def test_finding_delta_follows_paragraphs_that_shift_or_move():
    old = "\n".join([INTRO, BODY, TAIL])
    shifted = "\n".join(["新增的开头段落，说明会议背景。", INTRO, BODY, TAIL])
    moved = "\n".join([BODY, INTRO, TAIL])
    for new in (shifted, moved):
        result = delta(old, new)
        assert result.introduced == () and result.fixed == (), new


def test_finding_delta_follows_a_split_paragraph_into_either_part():
    long = "今天召开全市工作会议，主要任务是总结去年工作。部署今年任务;明确责任分工。"
    old = "\n".join([INTRO, long, TAIL])
    new = old.replace("总结去年工作。", "总结去年工作。\n")
    assert any(c.kind == "split" for c in compare_texts(old, new).changes)
    result = delta(old, new)
    assert result.introduced == () and result.fixed == ()


def test_finding_delta_does_not_match_the_same_finding_in_another_paragraph():
    old = "\n".join([INTRO, BODY, TAIL])
    new = "\n".join([INTRO, BODY.replace(";", "；"), TAIL + "三是抓作风;"])
    result = delta(old, new)
    assert codes(result.fixed) == [("half_width_punct", ";", 2)]
    assert codes(result.introduced) == [("half_width_punct", ";", 3)]


def test_finding_delta_counts_repeated_findings_one_by_one():
    old = "\n".join([INTRO, "一;二;三;", TAIL])
    result = delta(old, old.replace("一;", "一；"))
    assert len(result.fixed) == 1 and result.introduced == ()


def test_finding_delta_counts_a_changed_suggestion_as_fixed_and_introduced():
    old = "一、总体要求\n、具体措施"
    assert delta(old, "一、总体要求\n补充说明。\n、具体措施").fixed == ()
    result = delta(old, "一、总体要求\n二、补充一节\n、具体措施")
    assert codes(result.fixed) == [("heading_missing_number", "、", 1)]
    assert codes(result.introduced) == [("heading_missing_number", "、", 2)]
    assert result.fixed[0].issue.suggestion == "二、"
    assert result.introduced[0].issue.suggestion == "三、"


def test_finding_delta_loads_no_django():
    code = "import sys, drafts.finding_delta; print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# The compare page


def compare_page(client, a, b, slug="organization-work", query="") -> str:
    url = reverse("drafts:compare", kwargs={"slug": slug, "a": a, "b": b})
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, part: str = "") -> str:
    found = html.split('class="findings card"')[1].split("</details>")[0]
    if part:
        found = found.split(f'<section class="{part}"')[1].split("</section>")[0]
    return found


def test_demo_first_revision_fixed_semicolons_exclamations_and_a_number(
    demo_client,
):
    html = compare_page(demo_client, 1, 2)
    fixed = panel(html, "fixed")
    assert '新引入 <span class="introduced-count">0</span> 处' in html
    assert '已修正 <span class="fixed-count">33</span> 处' in html
    assert fixed.count("<mark>;</mark> → ；") == 30
    assert fixed.count("<mark>!</mark> → ！") == 2
    assert "缺少序号，应为“4、”" in fixed and "→ 4、" in fixed
    assert "没有新引入的问题。" in panel(html, "introduced")


def test_demo_findings_link_to_the_change_that_fixed_them(demo_client):
    html = compare_page(demo_client, 1, 2)
    links = set(link.split('"')[0] for link in panel(html, "fixed").split('href="')[1:])
    assert links and all(link.startswith("#c-") for link in links)
    for link in links:
        assert f'id="{link[1:]}"' in html


def test_demo_reversed_comparison_reports_the_same_findings_as_introduced(
    demo_client,
):
    html = compare_page(demo_client, 2, 1)
    assert '新引入 <span class="introduced-count">33</span> 处' in html
    assert '已修正 <span class="fixed-count">0</span> 处' in html


def test_demo_later_revisions_keep_their_findings_until_one_is_fixed(demo_client):
    assert "两个版本的校对问题相同。" in panel(compare_page(demo_client, 2, 5))
    fixed = panel(compare_page(demo_client, 5, 6), "fixed")
    assert "书名号内的书名应使用单书名号" in fixed and "<mark>&lt;</mark>" in fixed


@pytest.mark.django_db
def test_compare_page_shows_an_introduced_doubled_word(editor_client, editor):
    speech = builders.speech(editor, slug="doubled")
    old = "\n".join([INTRO, "我们的工作很重要。", TAIL] + [TAIL[:-1] + "！"] * 6)
    builders.revision(speech, editor, old)
    builders.revision(speech, editor, old.replace("我们的工作", "我们的<的>工作"))
    builders.revision(speech, editor, old.replace("我们的工作", "我们的的工作"))
    html = compare_page(editor_client, 1, 3, slug="doubled")
    introduced = panel(html, "introduced")
    assert "“的”重复，疑为误输入：<mark>的的</mark>" in introduced
    assert '<a href="#c-1">第3段</a>' in introduced
    assert "没有修正的问题。" in panel(html, "fixed")
    escaped = compare_page(editor_client, 1, 2, slug="doubled")
    assert "<的>" not in escaped


@pytest.mark.django_db
def test_a_finding_in_an_unchanged_paragraph_links_to_the_revision_page(
    editor_client, editor
):
    speech = builders.speech(editor, slug="headings")
    builders.revision(speech, editor, "一、总体要求\n正文。\n三、具体措施")
    builders.revision(
        speech, editor, "一、总体要求\n二、新增一节\n正文。\n三、具体措施"
    )
    fixed = panel(compare_page(editor_client, 1, 2, slug="headings"), "fixed")
    url = reverse("drafts:revision_detail", args=["headings", 1])
    assert f'<a href="{url}#p3">原第3段</a> 序号跳号' in fixed


@pytest.mark.django_db
def test_a_finding_in_a_deleted_paragraph_points_at_the_deletion(editor_client, editor):
    speech = builders.speech(editor, slug="deleted")
    builders.revision(speech, editor, "\n".join([INTRO, "上段。", BODY, TAIL]))
    builders.revision(speech, editor, "\n".join([INTRO, "上段改了。", TAIL]))
    html = compare_page(editor_client, 1, 2, slug="deleted")
    fixed = panel(html, "fixed")
    assert "原第4段" in fixed and "<mark>;</mark>" in fixed
    assert '<a href="#c-' in fixed


def test_findings_are_cached_with_the_comparison(demo_client):
    old = Revision.objects.get(speech__slug="organization-work", number=1)
    new = Revision.objects.get(speech__slug="organization-work", number=2)
    options = {"granularity": "char", "ignore_punct_width": True}
    key = "drafts:findings:" + comparing.cache_key(old, new, **options)
    assert cache.get(key) is None
    html = compare_page(demo_client, 1, 2, query="?ignore_punct=1")
    cached = cache.get(key)
    assert len(cached["fixed"]) == 33 and cached["introduced"] == []
    # With punctuation width ignored the semicolon paragraphs compare equal,
    # so their findings point into the old revision's page.
    url = reverse("drafts:revision_detail", args=["organization-work", 1])
    assert f'href="{url}#p' in panel(html, "fixed")
