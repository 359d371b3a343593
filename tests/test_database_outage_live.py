"""A running server, DEBUG off, whose PostgreSQL goes away and comes back
through a TCP proxy: while it is away every request that needs it answers
503 (pages in Chinese, the API in JSON), nothing is stored half-way, and the
same server process answers again once it is back."""

import http.client
import os
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from drafts.models import Revision
from tests import builders
from tests.tcp_proxy import TcpProxy

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite is a file inside the app's process: there is no server "
        "to lose (test_database_outage.py covers a file that cannot be opened)",
    ),
    pytest.mark.django_db(transaction=True),
]

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
SPEECH = "/speeches/organization-work/"
UPLOAD = SPEECH + "upload/"
LOGIN = "/accounts/login/"
API_REVISIONS = "/api/speeches/organization-work/revisions/"
CONNECT_TIMEOUT = 2  # seconds; libpq's least


class Reply(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    text: str


class Browser:
    """Just enough of a browser: cookies kept, redirects not followed."""

    def __init__(self, port: int, **headers: str):
        self.port = port
        self.headers = headers
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Reply:
        return self._request("GET", path)

    def post_form(self, path: str, fields: dict) -> Reply:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        content_type = "application/x-www-form-urlencoded"
        return self._request("POST", path, urlencode(fields), content_type)

    def post_json(self, path: str, body: str) -> Reply:
        return self._request("POST", path, body, "application/json")

    def _request(self, method, path, body=None, content_type=None) -> Reply:
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body and body.encode(), headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def db_proxy():
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        pytest.skip("PostgreSQL is reached through a Unix socket, not TCP")
    proxy = TcpProxy(host, int(connection.settings_dict["PORT"] or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


def database_url(port: int) -> str:
    """Return the test database's URL, through *port*, with the credentials
    of the test run's own connection."""
    config = connection.settings_dict
    user = quote(config["USER"] or "", safe="")
    password = quote(config["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}127.0.0.1:{port}/{quote(config['NAME'])}"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """Static files collected once, outside the project's folder: with DEBUG
    off, pages name them through collectstatic's manifest."""
    folder = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, str(MANAGE), "collectstatic", "--noinput", "-v0"],
        env={**os.environ, "STATIC_ROOT": str(folder)},
        check=True,
        timeout=120,
    )
    return folder


@pytest.fixture
def server(request, db_proxy, settings, tmp_path, static_root):
    """Run the site in a process of its own, DEBUG off, through the proxy,
    keeping its database connection for CONN_MAX_AGE seconds (the parameter;
    600 unless the test says otherwise). One thread, as in a gunicorn sync
    worker, so a kept connection is reused from one request to the next."""
    conn_max_age = getattr(request, "param", 600)
    port = free_port()
    environ = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environ.update(
        DEBUG="0",
        HTTPS="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url(db_proxy.port),
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        STATIC_ROOT=str(static_root),
        PYTHONUNBUFFERED="1",
    )
    log_path = tmp_path / "server.log"
    command = [sys.executable, str(MANAGE), "runserver", "--noreload"]
    command += ["--nothreading", f"127.0.0.1:{port}"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=environ, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_serving(port, process, log_path)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_serving(port: int, process, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not start:\n" + log_path.read_text())


@pytest.fixture
def two_revisions(editor):
    speech = builders.speech(editor)
    builders.revision(speech, editor, "第一段。\n\n第二段。")
    builders.revision(speech, editor, "第一段。\n\n第二段，改过。")
    return speech


@pytest.fixture
def clients(server, editor, two_revisions):
    """Return the editor signed in to the site, the editor's API client with a
    token, and an anonymous visitor."""
    signed_in = Client()
    signed_in.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    page = Browser(server)
    page.cookies["sessionid"] = signed_in.cookies["sessionid"].value
    token = Token.objects.create(user=editor)
    api = Browser(server, Authorization=f"Token {token.key}")
    return page, api, Browser(server)


def assert_page_unavailable(reply: Reply) -> None:
    assert reply.status == 503, reply
    assert reply.headers["Retry-After"] == "30"
    assert reply.headers["Content-Type"].startswith("text/html")
    assert "<h1>数据库暂时无法连接</h1>" in reply.text
    assert "服务器出错了" not in reply.text


def assert_api_unavailable(reply: Reply) -> None:
    assert reply.status == 503, reply
    assert reply.headers["Retry-After"] == "30"
    assert reply.headers["Content-Type"] == "application/json"
    assert '"code": "database_unavailable"' in reply.text
    assert "数据库暂时无法连接" in reply.text


def revision_numbers(speech) -> list[int]:
    return list(
        Revision.objects.filter(speech=speech)
        .order_by("number")
        .values_list("number", flat=True)
    )


@pytest.mark.parametrize(
    "server", [0, 600], ids=["fresh-connections", "kept-connections"], indirect=True
)
def test_while_postgresql_is_away_requests_answer_503_and_then_recover(
    clients, db_proxy, two_revisions
):
    speech = two_revisions
    page, api, visitor = clients
    assert page.get(SPEECH).status == 200
    assert page.get(UPLOAD).status == 200  # sets the CSRF cookie
    assert api.get(API_REVISIONS).status == 200
    assert visitor.get(LOGIN).status == 200

    db_proxy.stop()
    assert_page_unavailable(page.get(SPEECH))
    assert_page_unavailable(page.post_form(UPLOAD, {"text": "第三版。", "base": 2}))
    assert_api_unavailable(api.get(API_REVISIONS))
    assert_api_unavailable(api.post_json(API_REVISIONS, '{"text": "第三版。"}'))
    assert_api_unavailable(page.get(API_REVISIONS))
    # A visitor with no session needs no database to be sent to the login
    # page, and the login page none to be drawn; signing in needs it.
    assert visitor.get(SPEECH).status == 302
    assert visitor.get(LOGIN).status == 200
    fields = {"username": "editor", "password": builders.PASSWORD}
    assert_page_unavailable(visitor.post_form(LOGIN, fields))
    # A signed-out visitor still carrying an old session cookie: the login
    # redirect looks the session up first.
    visitor.cookies["sessionid"] = "a" * 32
    assert_page_unavailable(visitor.get(SPEECH))
    assert revision_numbers(speech) == [1, 2]

    db_proxy.start()
    assert page.get(SPEECH).status == 200
    created = api.post_json(API_REVISIONS, '{"text": "第三版。"}')
    assert created.status == 201, created
    assert revision_numbers(speech) == [1, 2, 3]


def test_a_restart_between_two_requests_goes_unnoticed(clients, db_proxy):
    page, api, _ = clients
    assert page.get(SPEECH).status == 200
    db_proxy.stop()
    db_proxy.start()
    assert page.get(SPEECH).status == 200
    assert api.get(API_REVISIONS).status == 200


def test_a_database_that_never_answers_costs_the_connect_timeout(clients, db_proxy):
    page, api, _ = clients
    assert page.get(SPEECH).status == 200
    db_proxy.hang()
    started = time.monotonic()
    assert_page_unavailable(page.get(SPEECH))
    assert time.monotonic() - started < CONNECT_TIMEOUT + 5
    db_proxy.start()
    assert api.get(API_REVISIONS).status == 200
