"""One log line per request, printed once; JSON lines on stdout with DEBUG off;
a request id in every line of the request, in X-Request-ID and on the 500 page."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from drafts.request_log import current_request_id

ROOT = Path(__file__).resolve().parent.parent
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "drafts.request"]


def test_every_answer_carries_a_fresh_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/static/drafts/site.css")["X-Request-ID"]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second)
    assert first != second
    assert current_request_id() == "-"  # lines after the request carry no id


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a.2_x")
    assert response["X-Request-ID"] == "lb-7f3a.2_x"


@pytest.mark.parametrize(
    "incoming", ["", "two words", "x" * 65, "id\u3000全角", "a;b=c", "id\tforged"]
)
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=incoming)
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_one_request_line_with_its_fields(editor_client, editor, caplog):
    caplog.set_level("INFO", logger="drafts.request")
    response = editor_client.get(reverse("drafts:speech_list"))
    [line] = request_lines(caplog)
    assert line.levelname == "INFO"
    assert (line.method, line.path, line.status) == ("GET", "/", 200)
    assert line.user_id == editor.pk
    assert line.request_id == response["X-Request-ID"]
    assert 0 <= line.duration_ms < 10_000


@pytest.mark.django_db
def test_the_log_never_looks_the_user_up(editor, caplog, django_assert_num_queries):
    # Refused by CSRF before anything asked who the user is: logging it must
    # not cost the session and user queries (nor fail when the database does).
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    caplog.set_level("INFO", logger="drafts.request")
    with django_assert_num_queries(0):
        response = client.post(reverse("drafts:speech_create"))
    assert response.status_code == 403
    [line] = request_lines(caplog)
    assert line.user_id is None


@pytest.mark.django_db
def test_500_page_shows_the_request_id(settings, editor_client, caplog):
    settings.ROOT_URLCONF = "tests.failing_urls"
    editor_client.raise_request_exception = False
    caplog.set_level("INFO", logger="drafts.request")
    response = editor_client.get("/failing/crash/")
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert f"错误编号：<code>{request_id}</code>" in response.content.decode()
    [line] = request_lines(caplog)
    assert (line.levelname, line.request_id) == ("ERROR", request_id)


def run_probe(tmp_path, **environ) -> tuple[list, str, str]:
    """Run tests/log_probe.py; return its answers, stdout and stderr."""
    answers = tmp_path / "answers.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "LOG_FORMAT", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="speechsite.settings",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Nothing listens there: the health check fails and logs a warning.
        REDIS_URL="redis://127.0.0.1:9/0",
        STATIC_ROOT=str(tmp_path),
        HTTPS="0",
        **environ,
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.log_probe", str(answers)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(answers.read_text()), done.stdout, done.stderr


def test_production_logs_are_json_lines_on_stdout_each_printed_once(tmp_path):
    answers, stdout, stderr = run_probe(tmp_path, DEBUG="0")
    assert stderr == ""
    lines = [json.loads(text) for text in stdout.splitlines()]
    assert [status for _, status, _ in answers] == [503, 401, 400]
    for path, status, request_id in answers:
        [line] = [
            line
            for line in lines
            if line["logger"] == "drafts.request" and line["request_id"] == request_id
        ]
        assert (line["method"], line["path"], line["status"]) == ("GET", path, status)
        assert {"time", "level", "message", "duration_ms"} <= line.keys()
    health_id, bad_host_id = answers[0][2], answers[2][2]
    [warning] = [line for line in lines if line["logger"] == "drafts.views.health"]
    assert warning["request_id"] == health_id
    assert warning["message"] == "health check: cache unreachable"
    assert "exception" in warning
    [refusal] = [line for line in lines if line["logger"].startswith("django.")]
    assert refusal["logger"] == "django.security.DisallowedHost"
    assert refusal["request_id"] == bad_host_id
    # The dead cache's outage is said once, when it is first met.
    [outage] = [line for line in lines if line["logger"] == "drafts.cache"]
    assert outage["level"] == "WARNING" and outage["request_id"] == health_id
    assert len(lines) == len(answers) + 3


def test_make_run_logs_are_text_each_printed_once(tmp_path):
    answers, stdout, stderr = run_probe(tmp_path, DEBUG="1")
    output = stdout + stderr
    for path, status, request_id in answers:
        assert output.count(f"GET {path} {status} ") == 1
        assert f"[{request_id}] drafts.request: GET {path} {status} " in stdout
    # A record's first line: the message, by itself or after the logger name
    # (its traceback repeats the message further down).
    refusals = [
        text
        for text in output.splitlines()
        if text.startswith("Invalid HTTP_HOST")
        or "django.security.DisallowedHost: Invalid HTTP_HOST" in text
    ]
    assert len(refusals) == 1
    assert output.count("health check: cache unreachable") == 1
