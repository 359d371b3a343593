"""Two gunicorn servers on one PostgreSQL and one Redis behave as one site:
sessions, uploads, cached comparisons and revision numbers are shared."""

import json
import re
import secrets
import threading
import urllib.error
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from tests import servers

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/13"  # this test's own database, flushed
SLUG = "organization-work"
TITLE = "在全市组织工作会议上的讲话"
PASSWORDS = {  # the demo accounts load_demo creates
    "editor": "drafts-editor",
    "editor2": "drafts-editor2",
    "reviewer": "drafts-reviewer",
    "approver": "drafts-approver",
}
WRITERS = 4
UPLOADS_EACH = 10


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Yield two servers sharing one scratch database, the demo loaded, and
    one Redis database; stop them and drop the database afterwards."""
    database_url = servers.postgres_url()
    if database_url is None:
        pytest.skip("needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    missing = servers.missing_service(database_url, REDIS_URL)
    if missing:
        pytest.skip(missing)
    log_dir = tmp_path_factory.mktemp("servers")
    with servers.scratch_database(database_url, "drafts_two_servers") as url:
        static_root = log_dir / "static"
        servers.install_demo(url, static_root)
        servers.flush_redis(REDIS_URL)
        env = servers.server_env(
            database_url=url,
            redis_url=REDIS_URL,
            secret_key=secrets.token_hex(32),
            static_root=static_root,
        )
        started = [servers.start_gunicorn(env, workers=2, log_dir=log_dir)]
        try:
            started.append(servers.start_gunicorn(env, workers=2, log_dir=log_dir))
            for server in started:
                server.wait_ready()
            yield started
        finally:
            for server in started:
                server.stop()
            servers.flush_redis(REDIS_URL)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser() -> urllib.request.OpenerDirector:
    """Return a client with one cookie jar for every server, as a browser
    behind a load balancer has; redirects are returned, not followed."""
    cookies = urllib.request.HTTPCookieProcessor(CookieJar())
    return urllib.request.build_opener(cookies, _NoRedirect)


def fetch(client, url: str, *, data=None, headers=None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with client.open(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def login(client, server, username: str) -> None:
    """Sign in through the login form: a GET for the CSRF token, then the POST."""
    status, _, html = fetch(client, f"{server.url}/accounts/login/")
    assert status == 200, server.log_tail()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form = {"username": username, "password": PASSWORDS[username]}
    form["csrfmiddlewaretoken"] = token
    status, headers, _ = fetch(
        client, f"{server.url}/accounts/login/", data=urlencode(form).encode()
    )
    assert status == 302, server.log_tail()
    assert "/accounts/login/" not in headers["Location"]


def api(server, path: str, token: str, body: dict | None = None):
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    data = None if body is None else json.dumps(body).encode()
    status, _, text = fetch(
        urllib.request.build_opener(),
        f"{server.url}/api/{path}",
        data=data,
        headers=headers,
    )
    return status, json.loads(text) if text else None


def all_revisions(server, token: str) -> list[dict]:
    """Return every revision of the demo speech, page after page."""
    found, page = [], 1
    while True:
        status, body = api(server, f"speeches/{SLUG}/revisions/?page={page}", token)
        assert status == 200, body
        found.extend(body["results"])
        if body["next"] is None:
            return found
        page += 1


def api_token(server, username: str) -> str:
    credentials = {"username": username, "password": PASSWORDS[username]}
    status, _, text = fetch(
        urllib.request.build_opener(),
        f"{server.url}/api/token/",
        data=json.dumps(credentials).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200, text
    return json.loads(text)["token"]


def comparison_source(client, server, query: str) -> str:
    status, headers, _ = fetch(client, f"{server.url}/speeches/{SLUG}/compare/{query}")
    assert status == 200, server.log_tail()
    return re.match(r'comparison;desc="(\w+)"', headers["Server-Timing"])[1]


def test_a_login_on_one_server_is_valid_on_the_other(two_servers):
    a, b = two_servers
    member_page = f"{b.url}/speeches/{SLUG}/"
    status, headers, _ = fetch(browser(), member_page)
    assert status == 302 and "/accounts/login/" in headers["Location"]
    client = browser()
    login(client, a, "editor2")
    status, headers, html = fetch(client, member_page)
    assert status == 200, (headers.get("Location"), b.log_tail())
    assert TITLE in html


def test_an_upload_through_one_server_is_seen_by_the_other(two_servers):
    a, b = two_servers
    token = api_token(a, "editor")
    _, latest = api(a, f"speeches/{SLUG}/", token)
    text = "同志们：\n这是经由第一台服务器上传的修改稿。\n"
    status, created = api(
        a, f"speeches/{SLUG}/revisions/", token, {"text": text, "note": "经由A"}
    )
    assert status == 201, created
    assert created["number"] == latest["latest_revision"] + 1
    status, seen = api(b, f"speeches/{SLUG}/revisions/{created['number']}/", token)
    assert status == 200 and seen["text"] == text and seen["note"] == "经由A"
    client = browser()
    login(client, b, "reviewer")
    status, _, html = fetch(client, f"{b.url}{created['url']}")
    assert status == 200 and "这是经由第一台服务器上传的修改稿" in html


def test_a_comparison_computed_by_one_server_is_served_from_cache_by_the_other(
    two_servers,
):
    a, b = two_servers
    servers.flush_redis(REDIS_URL)
    client = browser()
    login(client, a, "approver")
    assert comparison_source(client, a, "1...6/") == "computed"
    assert comparison_source(client, b, "1...6/") == "cache"
    assert comparison_source(client, b, "2...5/?granularity=word") == "computed"
    assert comparison_source(client, a, "2...5/?granularity=word") == "cache"


def _write(server, token: str, writer: int, base_text: str, barrier, results):
    barrier.wait(timeout=60)
    for upload in range(UPLOADS_EACH):
        note = f"并发写入 {writer}-{upload}"
        text = f"{base_text}\n写入者{writer}的第{upload}次修改。"
        try:
            status, body = api(
                server,
                f"speeches/{SLUG}/revisions/",
                token,
                {"text": text, "note": note},
            )
        except OSError as error:
            status, body = "no answer", repr(error)
        results.append((status, note, body))


def test_writers_on_both_servers_keep_revision_numbers_consecutive(two_servers):
    a, b = two_servers
    tokens = [api_token(a, "editor"), api_token(b, "editor2")]
    before = all_revisions(a, tokens[0])
    _, latest = api(a, f"speeches/{SLUG}/revisions/{len(before)}/", tokens[0])
    barrier = threading.Barrier(WRITERS)
    results: list = []
    threads = [
        threading.Thread(
            target=_write,
            args=(
                two_servers[n % 2],
                tokens[n // 2],
                n,
                latest["text"],
                barrier,
                results,
            ),
        )
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    statuses = Counter(status for status, _, _ in results)
    assert set(statuses) <= {201, 409}, (results, a.log_tail(), b.log_tail())
    assert statuses[409] == 0, "no upload named a parent, so none can be stale"
    accepted = {note for status, note, _ in results if status == 201}
    assert len(accepted) == WRITERS * UPLOADS_EACH
    after = all_revisions(b, tokens[1])
    numbers = [revision["number"] for revision in after]
    assert sorted(numbers) == list(range(1, len(before) + len(accepted) + 1))
    written = [r for r in after if r["note"].startswith("并发写入")]
    assert Counter(r["note"] for r in written) == Counter(accepted)
    assert all(r["parent"] == r["number"] - 1 for r in written)
