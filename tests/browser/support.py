"""Helpers for the browser tests: Debian's Chromium and logged-in pages."""

from drafts.management.commands.load_demo import DEMO_USERS

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORDS = {username: password for username, _, _, password in DEMO_USERS}


def logged_in_page(browser, site: str, username: str):
    """Return a page logged in as *username*, in a browser context of its own.

    The page collects Content-Security-Policy violations in page.csp_errors.
    """
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.csp_errors = []
    page.on("console", lambda message: _collect_csp(page, message.text))
    page.on("pageerror", lambda error: page.csp_errors.append(str(error)))
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/")
    return page


def _collect_csp(page, text: str) -> None:
    if "Content Security Policy" in text:
        page.csp_errors.append(text)
