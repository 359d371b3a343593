"""The real settings, with the test-only slow views: for a gunicorn started by
tests/test_serving.py (DJANGO_SETTINGS_MODULE=tests.serving_settings)."""

from speechsite.settings import *  # noqa: F403

ROOT_URLCONF = "tests.slow_urls"
