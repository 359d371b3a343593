"""`make serve` and `make run` for real: gunicorn with DEBUG off after
collectstatic, and runserver with DEBUG on, each in a process of its own on a
free port, asked over HTTP."""

import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 30
FOREVER = "max-age=315360000"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """Return the environment of an installation: a migrated SQLite database
    and collected static files in a folder of its own."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "SECURE_"))
        and key not in {"DEBUG", "REDIS_URL", "LOG_FORMAT", "DRAFTS_REQUEST_TIMEOUT"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        HTTPS="0",
        DEBUG="0",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server(command: list[str], env: dict, log_folder: Path):
    """Start *command*, wait until it answers /healthz, yield a function that
    fetches a path from it, and stop its whole process group at the end."""
    port = _free_port()
    out = (log_folder / "stdout").open("w+")
    err = (log_folder / "stderr").open("w+")
    process = subprocess.Popen(
        [part.format(port=port) for part in command],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=out,
        stderr=err,
        start_new_session=True,
    )

    def fetch(path: str, **headers) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    try:
        _wait_until_ready(process, fetch, err)
        yield fetch
    finally:
        _stop(process)
        out.close()
        err.close()


def _wait_until_ready(process, fetch, err) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err.seek(0)
            pytest.fail(f"the server stopped: {err.read()}")
        with contextlib.suppress(OSError):
            if fetch("/healthz").status == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {START_SECONDS}s")


def _stop(process) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def _linked(page: bytes, pattern: str) -> str:
    match = re.search(pattern, page.decode())
    assert match, f"no {pattern} in the page"
    return match.group(0)


def test_gunicorn_serves_hashed_compressed_static_files_and_logs_json(site, tmp_path):
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    env = {**site, "GUNICORN_WORKERS": "1"}
    with server(command, env, tmp_path) as fetch:
        answers = [("/healthz", fetch("/healthz"))]
        login = fetch("/accounts/login/")
        admin_login = fetch("/admin/login/")
        answers += [("/accounts/login/", login), ("/admin/login/", admin_login)]
        manifest = json.loads(
            (Path(site["STATIC_ROOT"]) / "staticfiles.json").read_text()
        )
        static = [
            _linked(login.body, r"/static/drafts/site\.[0-9a-f]{12}\.css"),
            "/static/" + manifest["paths"]["drafts/compare.js"],
            _linked(admin_login.body, r"/static/admin/css/base\.[0-9a-f]{12}\.css"),
        ]
        for path in static:
            answers.append((path, fetch(path, **{"Accept-Encoding": "gzip"})))
        missing = fetch("/static/drafts/site.css-nope")
        answers.append(("/static/drafts/site.css-nope", missing))

    health = answers[0][1]
    assert health.status == 200
    assert json.loads(health.body) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in health.headers["Cache-Control"]
    assert login.status == 200 and admin_login.status == 200
    assert missing.status == 404
    for path, response in answers[3:6]:
        assert response.status == 200, path
        assert FOREVER in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"
        on_disk = Path(site["STATIC_ROOT"], path.removeprefix("/static/"))
        assert gzip.decompress(response.body) == on_disk.read_bytes()

    lines = [
        json.loads(text) for text in (tmp_path / "stdout").read_text().splitlines()
    ]
    for path, response in answers:
        request_id = response.headers["X-Request-ID"]
        [line] = [line for line in lines if line.get("request_id") == request_id]
        assert (line["logger"], line["path"]) == ("drafts.request", path)
        assert line["status"] == response.status


def test_runserver_serves_static_files_and_logs_each_request_once(site, tmp_path):
    command = [
        sys.executable,
        "manage.py",
        "runserver",
        "127.0.0.1:{port}",
        "--noreload",
        "--skip-checks",
    ]
    with server(command, {**site, "DEBUG": "1"}, tmp_path) as fetch:
        login = fetch("/accounts/login/")
        css = fetch(_linked(login.body, r"/static/drafts/site\.css"))
        admin_css = fetch("/static/admin/css/base.css")
    assert login.status == css.status == admin_css.status == 200
    assert css.body == (ROOT / "drafts/static/drafts/site.css").read_bytes()
    output = (tmp_path / "stdout").read_text() + (tmp_path / "stderr").read_text()
    for path in ("/accounts/login/", "/static/drafts/site.css"):
        assert output.count(f"GET {path} 200") == 1, output
    assert "HTTP/1.1" not in output, output


def test_gunicorn_worker_answers_a_slow_request_before_gunicorn_kills_it(
    site, tmp_path
):
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    env = {
        **site,
        "DJANGO_SETTINGS_MODULE": "tests.serving_settings",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_TIMEOUT": "4",
        "DRAFTS_REQUEST_TIMEOUT": "1",
    }
    with server(command, env, tmp_path) as fetch:
        started = time.monotonic()
        slow = fetch("/slow/")
        seconds = time.monotonic() - started
        after = fetch("/healthz")
    assert slow.status == 503
    assert "请求处理超时" in slow.body.decode()
    assert 1 <= seconds < 4
    assert after.status == 200
    assert "WORKER TIMEOUT" not in (tmp_path / "stderr").read_text()
    request_id = slow.headers["X-Request-ID"]
    lines = [
        json.loads(text) for text in (tmp_path / "stdout").read_text().splitlines()
    ]
    [error] = [line for line in lines if line["logger"] == "django.request"]
    assert error["request_id"] == request_id
    assert "RequestTimedOut" in error["exception"]
