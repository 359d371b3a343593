"""Production settings pass Django's deployment checks with nothing but the
three variables every installation has to choose."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh_settings import read_settings

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
# Every variable that changes what the settings below read.
_SETTINGS_VARIABLES = {
    "DEBUG",
    "HTTPS",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "GUNICORN_TIMEOUT",
    "DRAFTS_REQUEST_TIMEOUT",
    "LOG_FORMAT",
}
_READ = (
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "DRAFTS_MAX_TEXT_CHARS",
    "DRAFTS_REQUEST_TIMEOUT",
    "LOG_FORMAT",
)


def test_deploy_check_passes_with_only_the_three_required_variables(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "drafts.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _settings_in_fresh_process(**environ) -> dict:
    """Return a few settings as a process with *environ* (and none of the
    variables that change them) reads them."""
    names = f"{{name: getattr(s, name) for name in {_READ!r}}}"
    return read_settings(names, environ, drop=_SETTINGS_VARIABLES)


def test_debug_is_off_unless_the_environment_turns_it_on():
    read = _settings_in_fresh_process()
    assert read["DEBUG"] is False
    assert read["DRAFTS_MAX_TEXT_CHARS"] == 500_000
    assert _settings_in_fresh_process(DEBUG="1")["DEBUG"] is True
    assert _settings_in_fresh_process(DEBUG="no")["DEBUG"] is False


def test_https_is_assumed_with_debug_off():
    read = _settings_in_fresh_process()
    assert read["SESSION_COOKIE_SECURE"] and read["CSRF_COOKIE_SECURE"]
    assert read["SECURE_SSL_REDIRECT"] is True
    assert read["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert read["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert read["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize("environ", [{"HTTPS": "0"}, {"DEBUG": "1"}])
def test_plain_http_switch_turns_off_redirect_hsts_and_secure_cookies(environ):
    read = _settings_in_fresh_process(**environ)
    assert not read["SESSION_COOKIE_SECURE"] and not read["CSRF_COOKIE_SECURE"]
    assert read["SECURE_SSL_REDIRECT"] is False
    assert read["SECURE_HSTS_SECONDS"] == 0
    assert read["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_proxy_ssl_header_is_one_variable():
    read = _settings_in_fresh_process(
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO, https"
    )
    assert read["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_malformed_proxy_ssl_header_stops_the_start():
    with pytest.raises(subprocess.CalledProcessError) as failed:
        _settings_in_fresh_process(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert "SECURE_PROXY_SSL_HEADER takes two values" in failed.value.stderr


def test_request_timeout_stays_below_gunicorn_timeout():
    assert _settings_in_fresh_process()["DRAFTS_REQUEST_TIMEOUT"] == 25
    assert (
        _settings_in_fresh_process(GUNICORN_TIMEOUT="120")["DRAFTS_REQUEST_TIMEOUT"]
        == 115
    )
    assert (
        _settings_in_fresh_process(GUNICORN_TIMEOUT="0")["DRAFTS_REQUEST_TIMEOUT"] == 0
    )
    assert (
        _settings_in_fresh_process(DRAFTS_REQUEST_TIMEOUT="7.5")[
            "DRAFTS_REQUEST_TIMEOUT"
        ]
        == 7.5
    )


def test_logs_are_json_in_production_and_text_under_make_run():
    assert _settings_in_fresh_process()["LOG_FORMAT"] == "json"
    assert _settings_in_fresh_process(DEBUG="1")["LOG_FORMAT"] == "text"
    assert _settings_in_fresh_process(LOG_FORMAT="text")["LOG_FORMAT"] == "text"


@pytest.mark.django_db
def test_ssl_redirect_trusts_the_proxy_header_and_spares_healthz(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/login/"
    proxied = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200


def test_defaults_are_safe(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.DRAFTS_MAX_UPLOAD_BYTES == 2 * 1024 * 1024
