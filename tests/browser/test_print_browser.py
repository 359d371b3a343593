"""Printing in Debian's Chromium: a revision (the final text above all) as a
clean document, a comparison with its title, revisions, legend and marks in
black and white, and no controls on paper."""

import math

import pytest
from django.contrib.auth import get_user_model

from drafts import services
from drafts.demo.chain import organization_chain
from drafts.diffing import split_paragraphs
from drafts.models import Speech
from tests.browser.support import logged_in_page
from tests.exporting.pages import grid_pages, pdf_pages

TITLE = "在全市组织工作会议上的讲话"
CONTROLS = "button, input, select, textarea, a.button, .exports, .toolbar, .map"
VISIBLE = "els => els.filter(e => e.getClientRects().length > 0).length"


@pytest.fixture
def site(demo_site):
    """The demo with its sixth revision, which the reviewer approved, signed
    as final, and a comment on two revisions."""
    users = get_user_model().objects
    speech = Speech.objects.get(slug="organization-work")
    sixth = speech.revisions.get(number=6)
    reviewer = users.get(username="reviewer")
    services.review_record(
        revision=sixth,
        reviewer=users.get(username="approver"),
        decision="final_approval",
    )
    for number in (3, 6):
        services.comment_add(
            revision=speech.revisions.get(number=number),
            paragraph=2,
            author=reviewer,
            text="这一段再压缩。",
        )
    return demo_site


@pytest.fixture
def page(site, chromium):
    # The site first: Playwright runs an event loop, where Django refuses
    # database queries.
    return logged_in_page(chromium, site, "editor")


def _lines(page) -> list[str]:
    text = page.inner_text("body")
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("number", [6, 3])
def test_a_revision_prints_as_its_title_and_text_only(page, site, number):
    page.goto(f"{site}/speeches/organization-work/revisions/{number}/")
    for shown in ("#review", ".comment", ".pno", ".side", ".exports"):
        assert page.locator(shown).first.is_visible(), shown
    page.emulate_media(media="print")
    text = organization_chain()[number - 1].text
    assert _lines(page) == [TITLE, *split_paragraphs(text)]
    assert page.eval_on_selector_all(CONTROLS, VISIBLE) == 0
    size = page.eval_on_selector(
        ".speech-text p", "el => getComputedStyle(el).fontSize"
    )
    assert size == "21.3333px"  # 16 pt, 三号
    # On A4 with the official margins: the pages the 22 × 28 grid predicts.
    expected = grid_pages(split_paragraphs(text), title=TITLE)
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert abs(pages - math.ceil(expected)) <= 1
    assert page.csp_errors == []


def test_a_comparison_prints_with_its_heading_legend_and_plain_marks(page, site):
    # The demo's second edit moves one paragraph and rewrites another.
    page.goto(f"{site}/speeches/organization-work/compare/2...3/")
    assert page.is_hidden(".legend") and page.is_hidden(".print-title")
    assert page.eval_on_selector_all(CONTROLS, VISIBLE) > 0
    page.emulate_media(media="print")
    heading = page.inner_text(".print-title")
    assert heading.startswith(TITLE) and "打印于" in heading
    meta = page.inner_text(".compare-head .meta")
    assert "旧：第2版，李执笔，" in meta and "补上第4条序号" in meta
    assert "新：第3版，王起草，" in meta and "调整开头两段顺序" in meta
    assert page.is_visible(".moved-from .ghost")
    legend = page.locator(".legend")
    assert legend.is_visible()
    assert "加下划线" in legend.inner_text() and "移动" in legend.inner_text()
    style = (
        "el => [getComputedStyle(el).textDecorationLine, getComputedStyle(el).color]"
    )
    for selector in (".legend ins", ".diff ins"):
        assert page.eval_on_selector(selector, style) == ["underline", "rgb(0, 0, 0)"]
    for selector in (".legend del", ".diff del"):
        assert page.eval_on_selector(selector, style) == [
            "line-through",
            "rgb(0, 0, 0)",
        ]
    assert page.eval_on_selector_all(CONTROLS, VISIBLE) == 0
    fold = page.locator(".fold-toggle").first
    assert fold.is_visible() and fold.inner_text().endswith("段未改动")
    marker = "el => getComputedStyle(el, '::before').content"
    assert page.eval_on_selector(".fold-toggle", marker) in ("none", "normal")
    triangles = "els => els.filter(e => getComputedStyle(e).display == 'list-item')"
    assert page.eval_on_selector_all("summary", triangles + ".length") == 0
    columns = "el => getComputedStyle(el).gridTemplateColumns.split(' ').length"
    assert page.eval_on_selector(".view-side .row.equal", columns) == 2
    assert page.csp_errors == []
