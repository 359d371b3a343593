"""With Redis unreachable every page still answers, computed instead of
cached; the outage is logged once when it starts and once when it ends.
Redis is taken away for real: the cache talks to it through a TCP proxy
that the test stops (a closed port), hangs or starts."""

import json
import logging
import time

import pytest
import redis
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from drafts import cache as resilient_cache
from drafts import comparing
from drafts.diffing import compare_texts
from drafts.diffing.compact import compact
from drafts.models import Revision
from tests.fresh_settings import read_settings
from tests.tcp_proxy import TcpProxy

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = 11  # the tests' own database number, flushed before and after
COMPARE = "/speeches/organization-work/compare/1...6/"
API_COMPARE = "/api/speeches/organization-work/compare/1...6/"
SPEECH = "/speeches/organization-work/"


@pytest.fixture
def redis_proxy(monkeypatch):
    """A proxy to the live Redis, stopped: its port is closed until a test
    starts it. Each test starts with no outage on record."""
    monkeypatch.setattr(resilient_cache, "_outages", {})
    proxy = TcpProxy(REDIS_HOST, REDIS_PORT)
    yield proxy
    proxy.stop()


@pytest.fixture
def live_redis():
    client = redis.Redis(REDIS_HOST, REDIS_PORT, db=REDIS_DB, socket_timeout=2)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_HOST}:{REDIS_PORT} to recover to")
    yield client
    client.flushdb()
    client.close()


def use_redis(settings, proxy: TcpProxy, **options) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "drafts.cache.ResilientRedisCache",
            "LOCATION": f"redis://{REDIS_HOST}:{proxy.port}/{REDIS_DB}",
            "OPTIONS": options,
        }
    }


def outage_logs(caplog) -> list[str]:
    return [r.levelname for r in caplog.records if r.name == "drafts.cache"]


def diff_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split('id="diff"')[1]


def expected_api_compare() -> dict:
    old, new = (
        Revision.objects.get(speech__slug="organization-work", number=number)
        for number in (1, 6)
    )
    result = compare_texts(old.text, new.text).to_dict()
    return json.loads(json.dumps({"old": 1, "new": 6, **result}))


def test_pages_are_computed_while_redis_is_unreachable_and_logged_once(
    demo_client, settings, redis_proxy, caplog
):
    computed = diff_of(demo_client, COMPARE)  # with the local memory cache
    use_redis(settings, redis_proxy, RETRY_SECONDS=0)
    caplog.set_level(logging.INFO, logger="drafts.cache")
    for _ in range(3):
        assert diff_of(demo_client, COMPARE) == computed
        response = demo_client.get(API_COMPARE)
        assert response.status_code == 200
        assert response.json() == expected_api_compare()
        assert demo_client.get(SPEECH).status_code == 200
    assert outage_logs(caplog) == ["WARNING"]
    [outage] = [r for r in caplog.records if r.name == "drafts.cache"]
    assert f"127.0.0.1:{redis_proxy.port}/{REDIS_DB}" in outage.message


def test_the_cache_comes_back_by_itself_and_its_return_is_logged_once(
    demo_client, settings, redis_proxy, live_redis, caplog
):
    use_redis(settings, redis_proxy, RETRY_SECONDS=0)
    caplog.set_level(logging.INFO, logger="drafts.cache")
    computed = diff_of(demo_client, COMPARE)
    assert outage_logs(caplog) == ["WARNING"]
    redis_proxy.start()
    for _ in range(3):
        assert diff_of(demo_client, COMPARE) == computed
    assert outage_logs(caplog) == ["WARNING", "INFO"]
    old, new = Revision.objects.filter(
        speech__slug="organization-work", number__in=[1, 6]
    ).order_by("number")
    key = comparing.cache_key(old, new, granularity="char", ignore_punct_width=False)
    assert cache.get(key) == compact(compare_texts(old.text, new.text).to_dict())
    assert live_redis.dbsize() > 0


def test_a_hung_redis_costs_one_short_timeout_per_retry_interval(
    demo_client, settings, redis_proxy
):
    redis_proxy.hang()
    use_redis(settings, redis_proxy, RETRY_SECONDS=60)  # default timeouts
    started = time.monotonic()
    assert cache.get("anything") is None
    assert time.monotonic() - started < 1
    assert demo_client.get(SPEECH).status_code == 200
    assert demo_client.get(COMPARE).status_code == 200
    assert redis_proxy.accepted == 1


@pytest.mark.django_db
def test_api_throttle_lets_requests_through_while_redis_is_unreachable(
    editor_client, settings, redis_proxy, monkeypatch
):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    statuses = [editor_client.get("/api/speeches/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    use_redis(settings, redis_proxy, RETRY_SECONDS=0)
    statuses = [editor_client.get("/api/speeches/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_every_cache_operation_answers_as_a_miss_while_redis_is_unreachable(
    settings, redis_proxy
):
    use_redis(settings, redis_proxy, RETRY_SECONDS=0)
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_or_set("k", 5) == 5
    assert cache.get_many(["k", "j"]) == {}
    assert cache.set_many({"k": 1}) == []
    assert cache.touch("k") is False
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.delete_many(["k", "j"]) is None
    with pytest.raises(ValueError):
        cache.incr("n")
    with pytest.raises(ValueError):
        cache.decr("n")
    assert cache.clear() is False


def test_redis_url_selects_the_resilient_cache_with_short_timeouts():
    environ = {"REDIS_URL": "redis://cache.internal:6379/1", "REDIS_TIMEOUT_MS": "100"}
    chosen, sessions = read_settings(
        "[s.CACHES['default'], s.SESSION_ENGINE]",
        environ,
        drop={"REDIS_RETRY_SECONDS"},
    )
    assert chosen == {
        "BACKEND": "drafts.cache.ResilientRedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
        "OPTIONS": {
            "socket_connect_timeout": 0.1,
            "socket_timeout": 0.1,
            "RETRY_SECONDS": 5,
        },
    }
    assert sessions == "django.contrib.sessions.backends.db"
