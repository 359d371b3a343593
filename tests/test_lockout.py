"""Password guessing: django-axes locks an account after repeated failures at
the login form, the admin login and /api/token/, and a superuser can lift it."""

import math
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from drafts.lockout import retry_message
from tests import builders
from tests.fresh_settings import read_settings

BASE_DIR = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE_AM = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
WRONG = "wrong-password"

# Where each entry point takes a password, and the status of a success.
ENTRY_POINTS = {
    "form": ("/accounts/login/", 302),
    "admin": ("/admin/login/", 302),
    "token": ("/api/token/", 200),
}
ENTRY_IDS = list(ENTRY_POINTS)


@pytest.fixture
def clock(time_machine):
    """Stop the clock at 09:00 in Shanghai, so the named retry time is known."""
    time_machine.move_to(NINE_AM, tick=False)
    return time_machine


def staff(username: str):
    # Staff, so that one account can sign in at all three entry points.
    account = builders.user(username)
    account.is_staff = True
    account.save(update_fields=["is_staff"])
    return account


def attempt(entry: str, username: str, password: str):
    """Post one login at *entry* from a fresh browser."""
    url, _ = ENTRY_POINTS[entry]
    return Client().post(url, {"username": username, "password": password})


def fail(entry: str, username: str, times: int) -> None:
    for _ in range(times):
        assert attempt(entry, username, WRONG).status_code in {200, 400, 429}


def assert_signed_in(entry: str, response) -> None:
    _, status = ENTRY_POINTS[entry]
    assert response.status_code == status, response.content.decode()


def assert_locked(entry: str, response, *, retry_at: str, seconds: int) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(seconds)
    if entry == "token":
        body = response.json()
        assert body["code"] == "locked_out"
        assert body["retry_after"] == seconds
        message = body["error"]
    else:
        message = response.content.decode()
        assert "<h1>账号已暂时锁定</h1>" in message
    minutes = math.ceil(seconds / 60)
    assert f"账号已暂时锁定。请于 {retry_at} 之后（约 {minutes} 分钟后）再试" in message


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_login_allows_correct_password_one_failure_short_of_limit(settings, entry):
    staff("editor")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert_signed_in(entry, attempt(entry, "editor", builders.PASSWORD))


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_login_locks_account_at_limit_even_for_correct_password(settings, clock, entry):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    staff("editor")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT)
    response = attempt(entry, "editor", builders.PASSWORD)
    assert_locked(entry, response, retry_at="09:30", seconds=1800)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_login_lockout_spares_other_accounts_from_same_address(settings, entry):
    staff("editor")
    staff("editor2")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT)
    assert attempt(entry, "editor", builders.PASSWORD).status_code == 429
    assert_signed_in(entry, attempt(entry, "editor2", builders.PASSWORD))


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_login_lockout_lifts_after_cool_off(settings, clock, entry):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    staff("editor")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT)
    clock.shift(timedelta(minutes=29, seconds=59))
    response = attempt(entry, "editor", builders.PASSWORD)
    assert_locked(entry, response, retry_at="09:30", seconds=1)
    clock.shift(timedelta(seconds=2))
    assert_signed_in(entry, attempt(entry, "editor", builders.PASSWORD))


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_login_lockout_without_cool_off_lasts_until_unlocked(settings, clock, entry):
    settings.AXES_COOLOFF_TIME = None
    staff("editor")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT)
    clock.shift(timedelta(days=7))
    response = attempt(entry, "editor", builders.PASSWORD)
    assert response.status_code == 429
    assert "Retry-After" not in response
    text = response.json()["error"] if entry == "token" else response.content.decode()
    assert "该账号已被锁定。请联系系统管理员解锁。" in text


@pytest.mark.django_db
def test_login_success_forgives_earlier_failures(settings):
    staff("editor")
    fail("form", "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert_signed_in("form", attempt("form", "editor", builders.PASSWORD))
    fail("form", "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert_signed_in("form", attempt("form", "editor", builders.PASSWORD))


# Unlocking in the admin -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_IDS)
def test_superuser_unlocks_account_by_deleting_attempt_in_admin(
    settings, client, entry
):
    staff("editor")
    fail(entry, "editor", settings.AXES_FAILURE_LIMIT)
    client.force_login(
        get_user_model().objects.create_superuser("admin", password=builders.PASSWORD)
    )
    listing = client.get("/admin/axes/accessattempt/?q=editor")
    assert listing.status_code == 200
    assert "editor" in listing.content.decode()
    locked = AccessAttempt.objects.get(username="editor")
    url = f"/admin/axes/accessattempt/{locked.pk}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()
    assert_signed_in(entry, attempt(entry, "editor", builders.PASSWORD))


@pytest.mark.django_db
def test_axes_admin_refuses_staff_without_permission(settings, client):
    staff("editor")
    fail("form", "editor", settings.AXES_FAILURE_LIMIT)
    client.force_login(staff("clerk"))
    locked = AccessAttempt.objects.get(username="editor")
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    url = f"/admin/axes/accessattempt/{locked.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=locked.pk).exists()


@pytest.mark.django_db
def test_axes_admin_lets_staff_with_delete_permission_unlock(settings, client):
    staff("editor")
    fail("form", "editor", settings.AXES_FAILURE_LIMIT)
    clerk = staff("clerk")
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt"],
        )
    )
    client.force_login(clerk)
    locked = AccessAttempt.objects.get(username="editor")
    url = f"/admin/axes/accessattempt/{locked.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert_signed_in("form", attempt("form", "editor", builders.PASSWORD))


# Configuration and message --------------------------------------------------


def lockout_settings(**env: str) -> str:
    """Return the failure limit and cool-off a fresh process reads from *env*."""
    axes = {name for name in os.environ if name.startswith("AXES_")}
    return read_settings(
        "f'{s.AXES_FAILURE_LIMIT} {s.AXES_COOLOFF_TIME}'", env, drop=axes
    )


def test_lockout_limits_come_from_environment():
    limits = lockout_settings(AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="5")
    assert limits == "3 0:05:00"


def test_lockout_limits_default_to_ten_failures_and_thirty_minutes():
    assert lockout_settings() == "10 0:30:00"


def test_lockout_limits_read_zero_minutes_as_until_unlocked():
    assert lockout_settings(AXES_COOLOFF_MINUTES="0") == "10 None"


def test_retry_message_names_the_day_when_lockout_ends_tomorrow():
    now = datetime(2025, 3, 3, 23, 50, tzinfo=SHANGHAI)
    message = retry_message(now + timedelta(minutes=20), now)
    assert "请于 3月4日 00:10 之后（约 20 分钟后）再试" in message


def test_retry_message_gives_local_time_for_utc_moments():
    now = datetime(2025, 3, 3, 1, 0, tzinfo=ZoneInfo("UTC"))
    message = retry_message(now + timedelta(minutes=30), now)
    assert "请于 09:30 之后（约 30 分钟后）再试" in message
