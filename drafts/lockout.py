"""The answer to a login that django-axes refuses: 429 and, in Chinese, when
the account may try again (with Retry-After), or that only an administrator
can unlock it; a page for browsers, JSON for the API."""

import math
from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

UNTIL_UNLOCKED = "登录失败次数过多，该账号已被锁定。请联系系统管理员解锁。"


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """Answer a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    now = timezone.now()
    until = _locked_until(request, credentials, now)
    seconds = None if until is None else _seconds_between(now, until)
    message = UNTIL_UNLOCKED if until is None else retry_message(until, now)
    if request.path.startswith("/api/"):
        body = {"error": message, "code": "locked_out", "retry_after": seconds}
        response = JsonResponse(
            body, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        context = {"message": message}
        response = render(request, "registration/locked_out.html", context, status=429)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


def retry_message(until: datetime, now: datetime) -> str:
    """Return the Chinese lockout message naming *until* in local time."""
    minutes = math.ceil(_seconds_between(now, until) / 60)
    return (
        f"登录失败次数过多，该账号已暂时锁定。请于 {_clock(until, now)} 之后"
        f"（约 {minutes} 分钟后）再试；如需提前解锁，请联系系统管理员。"
    )


def _locked_until(request, credentials, now: datetime) -> datetime | None:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    # The account's latest failure bounds the lockout: it lifts once the
    # failures that make it up are older than the cool-off.
    username = get_client_username(request, credentials)
    latest = AccessAttempt.objects.filter(username=username).aggregate(
        latest=Max("attempt_time")
    )["latest"]
    return (latest or now) + cool_off


def _seconds_between(now: datetime, until: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def _clock(moment: datetime, now: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localtime(now).date():
        return f"{local:%H:%M}"
    return f"{local.month}月{local.day}日 {local:%H:%M}"
