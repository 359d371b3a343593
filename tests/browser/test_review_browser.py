"""The review flow in Debian's Chromium: submit, send back, fix, approve, sign."""

import pytest
from django.contrib.auth import get_user_model

from drafts import services
from tests import builders
from tests.browser.support import logged_in_page

FIRST = "同志们：\n今年全市安排重点项目100个;总投资500亿元。\n谢谢大家！"
SECOND = "同志们：\n今年全市安排重点项目120个；总投资600亿元。\n谢谢大家！"


@pytest.fixture
def site(demo_site):
    users = get_user_model().objects
    editor = users.get(username="editor")
    speech = services.speech_create(
        title="在全市重点项目推进会上的讲话", slug="projects", created_by=editor
    )
    builders.member(
        speech, users.get(username="reviewer"), users.get(username="approver")
    )
    builders.revision(speech, editor, FIRST, note="初稿")
    return demo_site


@pytest.fixture
def browser(site, chromium):
    # The site first: Playwright runs an event loop, where Django refuses
    # database queries.
    return chromium


def _as(browser, site: str, username: str):
    return logged_in_page(browser, site, username)


def _revision(page, site: str, number: int) -> None:
    page.goto(f"{site}/speeches/projects/revisions/{number}/")


def _press(page, label: str) -> None:
    with page.expect_navigation():
        page.click(f"#review button:text-is('{label}')")


def _success(page) -> str:
    return page.inner_text(".messages .msg-success")


def test_review_flow_from_draft_to_final(browser, site):
    editor = _as(browser, site, "editor")
    _revision(editor, site, 1)
    _press(editor, "提交审核")
    assert "第1版已提交审核" in _success(editor)
    assert editor.inner_text("#review .review-head .state") == "待审"

    reviewer = _as(browser, site, "reviewer")
    _revision(reviewer, site, 1)
    reviewer.fill("#decide-note", "请核对项目数和总投资。")
    _press(reviewer, "退回修改")
    assert "已退回修改" in _success(reviewer)
    assert "请核对项目数和总投资。" in reviewer.inner_text(".decisions")

    editor.goto(f"{site}/speeches/projects/upload/")
    editor.fill("#id_text", SECOND)
    editor.fill("#id_note", "核对项目数和总投资")
    with editor.expect_navigation():
        editor.click("#upload-form button[type=submit]")
    assert editor.url.endswith("/speeches/projects/revisions/2/")
    _press(editor, "提交审核")

    _revision(reviewer, site, 2)
    since = reviewer.get_attribute("a.since-review", "href")
    assert since.endswith("/speeches/projects/compare/1...2/")
    _press(reviewer, "审核通过")
    assert reviewer.inner_text("#review .review-head .state") == "审核通过"

    approver = _as(browser, site, "approver")
    _revision(approver, site, 2)
    _press(approver, "批准为定稿")
    assert "已批准第2版为定稿" in _success(approver)
    signature = approver.inner_text(".signature")
    assert "赵签发" in signature and "批准第2版为定稿" in signature

    approver.goto(f"{site}/speeches/projects/")
    assert approver.inner_text(".pagehead .status") == "已定稿"
    final_row = approver.locator("table.timeline tr", has=approver.locator(".badge"))
    assert final_row.count() == 1
    assert "第2版" in final_row.inner_text() and "定稿" in final_row.inner_text()
    for page in (editor, reviewer, approver):
        assert page.csp_errors == []


def test_comment_is_added_and_resolved_in_place(browser, site):
    page = _as(browser, site, "editor")
    _revision(page, site, 1)
    page.click("#p2 + .notes summary")
    page.fill("#note-text-2", "数字请与发改委核对。")
    with page.expect_navigation():
        page.click("#p2 + .notes form button[type=submit]")
    assert "数字请与发改委核对。" in page.inner_text("#p2 + .notes .comment")
    with page.expect_navigation():
        page.click("#p2 + .notes .resolve-form button")
    assert "已解决" in page.inner_text("#p2 + .notes .comment")
    assert page.csp_errors == []


def test_fixes_button_waits_for_a_choice(browser, site):
    page = _as(browser, site, "editor")
    _revision(page, site, 1)
    apply = page.locator(".fix-bar button[type=submit]")
    assert apply.is_disabled()
    page.click(".fix-bar .select-fixes")
    assert apply.is_enabled()
    with page.expect_navigation():
        apply.click()
    assert page.url.endswith("/speeches/projects/revisions/2/")
    assert "生成第2版" in _success(page)
    assert page.csp_errors == []
