"""Production settings pass Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"


def test_deploy_check_passes_with_production_environment():
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "drafts.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }
    done = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def _settings_in_fresh_process(**environ) -> dict:
    """Return a few settings as a process with *environ* (and none of the
    variables that change them) reads them: pytest-django forces DEBUG off
    in this one, so only a fresh process shows the real default."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE"}
    }
    code = (
        "import json, speechsite.settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE,"
        "'DRAFTS_MAX_TEXT_CHARS': s.DRAFTS_MAX_TEXT_CHARS}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, **environ},
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_debug_is_off_unless_the_environment_turns_it_on():
    assert _settings_in_fresh_process() == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "DRAFTS_MAX_TEXT_CHARS": 500_000,
    }
    assert _settings_in_fresh_process(DEBUG="1")["DEBUG"] is True
    assert _settings_in_fresh_process(DEBUG="no")["DEBUG"] is False


def test_defaults_are_safe(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.DRAFTS_MAX_UPLOAD_BYTES == 2 * 1024 * 1024
