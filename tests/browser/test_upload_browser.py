"""The upload page in Debian's Chromium: editing a revision in place, and a
paste past the size limit stopped before it is sent and lost."""

import pytest

from tests.browser.support import logged_in_page


@pytest.fixture
def browser_page(demo_site, chromium, settings):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 40_000
    return logged_in_page(chromium, demo_site, "editor"), demo_site


def test_an_oversized_paste_is_stopped_in_the_browser_and_kept(browser_page):
    page, site = browser_page
    page.goto(f"{site}/speeches/organization-work/upload/?from=6")
    kept = page.input_value("#id_text")
    assert len(kept) > 6000  # the latest revision's text, ready to edit
    page.fill("#id_text", kept + "字" * 8000)
    page.click("#upload-form button[type=submit]")
    alert = page.locator(".size-error")
    alert.wait_for()
    assert "超过大小上限（39 KB）" in alert.inner_text()
    assert page.url.endswith("/upload/?from=6")  # nothing was sent
    assert page.input_value("#id_text").endswith("字" * 8000)
    page.fill("#id_text", kept.replace("同志们", "同志们、朋友们", 1))
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    assert page.url.endswith("/speeches/organization-work/revisions/7/")
    assert page.csp_errors == []
