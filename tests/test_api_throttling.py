"""API rates: every client has one, the token endpoint a tighter one, and a
client over its rate gets the project's JSON error saying when to retry."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests import builders

TOKEN = "/api/token/"
NINE_AM = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NINE_AM, tick=False)
    return time_machine


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates for one test.

    DRF binds its rate table to the throttle classes when it imports them, so
    a settings override would not reach it; the table itself is changed.
    """

    def set_rates(**scopes: str) -> None:
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def ask_token(client=None, **headers):
    client = client or APIClient()
    data = {"username": "nobody", "password": "wrong-password"}
    return client.post(TOKEN, data, format="json", headers=headers)


def assert_throttled(response, seconds: int) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(seconds)
    assert response.json() == {
        "error": f"请求过于频繁，请在 {seconds} 秒后再试。",
        "code": "throttled",
        "retry_after": seconds,
    }


@pytest.mark.django_db
def test_token_endpoint_throttles_past_its_rate_in_chinese(rates, clock):
    rates(token="3/minute")
    assert [ask_token().status_code for _ in range(3)] == [400, 400, 400]
    assert_throttled(ask_token(), 60)


@pytest.mark.django_db
def test_token_endpoint_throttle_lifts_when_the_minute_is_over(rates, clock):
    rates(token="3/minute")
    for _ in range(3):
        ask_token()
    clock.shift(timedelta(seconds=30))
    assert_throttled(ask_token(), 30)
    clock.shift(timedelta(seconds=31))
    assert ask_token().status_code == 400


@pytest.mark.django_db
def test_token_endpoint_keeps_the_anonymous_rate(rates, clock):
    rates(anon="2/minute", token="100/minute")
    ask_token()
    ask_token()
    assert_throttled(ask_token(), 60)


@pytest.mark.django_db
def test_token_throttle_ignores_forged_forwarded_for(rates, clock):
    rates(token="2/minute")
    ask_token(x_forwarded_for="10.0.0.1")
    ask_token(x_forwarded_for="10.0.0.2")
    assert_throttled(ask_token(x_forwarded_for="10.0.0.3"), 60)


@pytest.mark.django_db
def test_api_throttles_each_signed_in_user_at_user_rate(rates, clock):
    rates(user="2/minute")
    editor = APIClient()
    editor.force_authenticate(builders.user("editor", builders.EDITORS))
    assert [editor.get("/api/speeches/").status_code for _ in range(2)] == [200, 200]
    assert_throttled(editor.get("/api/speeches/"), 60)
    other = APIClient()
    other.force_authenticate(builders.user("editor2", builders.EDITORS))
    assert other.get("/api/speeches/").status_code == 200
