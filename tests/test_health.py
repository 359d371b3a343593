"""/healthz: one cheap look at the database and the cache, open to anyone,
never throttled, never cached, 503 naming the part that failed."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEALTHY = {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_ok_without_login(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == HEALTHY
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_never_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"},
    }
    statuses = {client.get("/healthz").status_code for _ in range(10)}
    assert statuses == {200}
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def healthz_in_fresh_process(tmp_path, **environ) -> tuple[int, dict]:
    """Ask /healthz of a process started with *environ*, through the test
    client: the failing part is the outside world, not a mock."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="speechsite.settings",
        ALLOWED_HOSTS="testserver",
        HTTPS="0",
        STATIC_ROOT=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(environ)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    status, body = json.loads(done.stdout.splitlines()[-1])
    return status, body


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder/drafts.sqlite3",
        # Nothing listens on port 9 (discard) here.
        "postgres://postgres@127.0.0.1:9/drafts",
    ],
)
def test_healthz_names_an_unreachable_database(tmp_path, database_url):
    status, body = healthz_in_fresh_process(tmp_path, DATABASE_URL=database_url)
    assert status == 503
    assert body == {"status": "unavailable", "database": "unreachable", "cache": "ok"}


def test_healthz_names_an_unreachable_cache(tmp_path):
    status, body = healthz_in_fresh_process(tmp_path, REDIS_URL="redis://127.0.0.1:9/0")
    assert status == 503
    assert body == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def _redis_listening() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_listening(), reason="no Redis on 127.0.0.1:6379")
def test_healthz_with_a_real_redis(tmp_path):
    status, body = healthz_in_fresh_process(
        tmp_path, REDIS_URL="redis://127.0.0.1:6379/15"
    )
    assert (status, body) == (200, HEALTHY)
