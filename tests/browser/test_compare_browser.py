"""The compare page in Debian's Chromium: keys, views, folds, map and print."""

import pytest

from tests.browser.support import logged_in_page


@pytest.fixture
def site(demo_site):
    return demo_site


@pytest.fixture
def browser_page(site, chromium):
    # The site first: Playwright runs an event loop, where Django refuses
    # database queries.
    return logged_in_page(chromium, site, "editor")


def _compare(page, site: str, a: int, b: int, query: str = "") -> None:
    page.goto(f"{site}/speeches/organization-work/compare/{a}...{b}/{query}")
    page.wait_for_selector(".map.ready", state="attached")


def _current_ids(page) -> list[str]:
    return page.eval_on_selector_all(".chg.current", "els => els.map(e => e.id)")


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
    )


def test_keys_move_between_changes(browser_page, site):
    page = browser_page
    _compare(page, site, 1, 6)
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert _current_ids(page) == ["c-2"]
    assert page.get_attribute("#c-2", "aria-current") == "true"
    assert _in_viewport(page, "#c-2")
    assert "current" in page.get_attribute('.map .mark[href="#c-2"]', "class")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("p")
    assert _current_ids(page) == ["c-1"]
    page.focus("#id_ignore_punct")
    page.keyboard.press("n")
    assert _current_ids(page) == ["c-1"]
    assert page.csp_errors == []


def test_view_choice_is_drawn_alone_and_remembered(browser_page, site):
    page = browser_page
    _compare(page, site, 1, 6)
    assert page.eval_on_selector("#diff", "el => el.className").startswith(
        "diff view-side"
    )
    with page.expect_navigation():
        page.click('.view-link[data-view="inline"]')
    assert "view-inline" in page.get_attribute("#diff", "class")
    assert page.locator("#c-1 .side.old").count() == 0
    assert page.is_visible("#c-1 .uni")
    _compare(page, site, 2, 3)  # another comparison, no view asked for
    assert "view-inline" in page.get_attribute("#diff", "class")
    assert page.get_attribute('.view-link[data-view="inline"]', "aria-current")
    with page.expect_navigation():
        page.click('.view-link[data-view="side"]')
    _compare(page, site, 1, 6)
    assert "view-side" in page.get_attribute("#diff", "class")
    assert page.csp_errors == []


def test_folded_paragraphs_unfold_in_place(browser_page, site):
    page = browser_page
    _compare(page, site, 5, 6)
    toggle = page.locator(".fold-toggle").first
    body_id = toggle.get_attribute("aria-controls")
    assert page.is_hidden(f"#{body_id}")
    assert page.locator(f"#{body_id} .row").count() == 0  # not sent with the page
    url = page.url
    toggle.click()
    page.wait_for_selector(f"#{body_id} .row.equal")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.is_visible(f"#{body_id} .row.equal")
    assert "收起" in toggle.inner_text()
    assert page.url == url
    toggle.click()
    assert page.is_hidden(f"#{body_id}")
    assert page.csp_errors == []


def test_change_map_mark_scrolls_to_its_change(browser_page, site):
    page = browser_page
    _compare(page, site, 1, 6)
    marks = page.locator(".map .mark")
    last = marks.last
    target = last.get_attribute("href")
    tops = page.eval_on_selector_all(
        ".map .mark", "els => els.map(e => e.getBoundingClientRect().top)"
    )
    assert tops == sorted(tops) and tops[-1] > tops[0]
    last.click()
    assert _in_viewport(page, target)
    assert _current_ids(page) == [target[1:]]
    assert page.csp_errors == []


def test_cosmetic_switch_hides_tagged_changes(browser_page, site):
    page = browser_page
    _compare(page, site, 1, 2)
    tagged = page.locator(".chg.tagged").first
    assert page.is_visible(".chg.tagged .rowhead")
    page.check("#id_hide_cosmetic")
    assert "hide-cosmetic" in page.get_attribute("#diff", "class")
    assert tagged.locator(".rowhead").is_hidden()
    assert page.locator(".map .mark.tagged").first.is_hidden()
    page.keyboard.press("Escape")
    page.locator("h1").click()
    page.keyboard.press("n")
    assert "tagged" not in page.get_attribute(".chg.current", "class")


def test_print_layout_is_black_and_white_with_marks_that_survive(
    browser_page, site, tmp_path
):
    page = browser_page
    _compare(page, site, 5, 6)
    page.emulate_media(media="print")
    assert page.is_hidden(".map") and page.is_hidden(".toolbar")
    fold = page.locator(".fold-toggle").first
    assert fold.is_visible() and "段未改动" in fold.inner_text()
    marker = "el => getComputedStyle(el, '::before').content"
    assert page.eval_on_selector(".fold-toggle", marker) in ("none", "normal")
    style = (
        "el => [getComputedStyle(el).textDecorationLine, getComputedStyle(el).color]"
    )
    assert page.eval_on_selector("ins", style) == ["underline", "rgb(0, 0, 0)"]
    assert page.eval_on_selector("del", style) == ["line-through", "rgb(0, 0, 0)"]
    _compare(page, site, 1, 6)
    shot = tmp_path / "print.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.csp_errors == []


def test_small_changes_are_boxed_and_deleted_marks_not_struck(browser_page, site):
    page = browser_page
    _compare(page, site, 1, 2)  # half-width ";" made full-width "；"
    style = (
        "el => [getComputedStyle(el).textDecorationLine,"
        " getComputedStyle(el).outlineStyle,"
        " getComputedStyle(el, '::after').content]"
    )
    assert page.eval_on_selector("del.punct", style) == ["none", "dashed", '"×"']
    assert page.eval_on_selector("ins.punct", style)[:2] == ["underline", "solid"]
    position = page.inner_text("[data-position]")
    assert position.startswith("共 ") and position.endswith(" 处")
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert page.inner_text("[data-position]").startswith("第 2 处 / 共 ")
    assert page.csp_errors == []


def test_accept_boxes_keep_the_keys_and_stay_out_of_print(site, chromium):
    page = logged_in_page(chromium, site, "reviewer")
    _compare(page, site, 5, 6)
    box = page.locator('input[form="accept-form"][name="accept"]').first
    box.focus()
    page.keyboard.press("n")
    assert _current_ids(page) == ["c-1"]  # the key moved on, not into the box
    page.emulate_media(media="print")
    assert box.is_hidden() and page.is_hidden(".accept-bar")
    assert page.csp_errors == []
