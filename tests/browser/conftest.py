"""Shared set-up for the browser tests: Debian's Chromium through Playwright,
the demo data on a live server, and pages logged in as a demo user."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.support import CHROMIUM, LAUNCH_ARGS


def pytest_collection_modifyitems(config, items):
    missing = not Path(CHROMIUM).exists() or shutil.which("chromium") is None
    skip = pytest.mark.skip(
        reason="Debian's Chromium is not installed (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(skip)


@pytest.fixture
def demo_site(live_server, settings):
    """Return the live server's URL, with the demo data loaded."""
    # Over plain http the browser would drop cookies marked secure.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # load_demo refuses without it: known passwords
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    return live_server.url


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
