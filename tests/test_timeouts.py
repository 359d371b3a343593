"""A request that runs past DRAFTS_REQUEST_TIMEOUT is cut by the application
with a Chinese 503, before gunicorn would kill the worker, and what it was
storing is rolled back."""

import signal
import threading
import time

import pytest
from django.test import Client

from drafts.models import Revision, Speech
from tests.slow_urls import BRIEF_SECONDS, SLEEP_SECONDS

TIMEOUT = 0.3


@pytest.fixture
def slow_site(settings):
    settings.ROOT_URLCONF = "tests.slow_urls"
    settings.DRAFTS_REQUEST_TIMEOUT = TIMEOUT
    return Client(raise_request_exception=False)


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_slow_page_is_cut_with_a_chinese_503(slow_site):
    response, seconds = timed_get(slow_site, "/slow/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "请求处理超时" in page
    assert f"错误编号：<code>{response['X-Request-ID']}</code>" in page
    assert TIMEOUT <= seconds < SLEEP_SECONDS / 5


def test_slow_api_call_is_cut_with_json_503(slow_site):
    response, seconds = timed_get(slow_site, "/api/slow/")
    assert response.status_code == 503
    assert response.json() == {
        "error": "请求处理超时，已被中止；未完成的保存已全部撤销，不会只保存一半。"
        "请稍后重试。",
        "code": "timeout",
        "request_id": response["X-Request-ID"],
    }
    assert seconds < SLEEP_SECONDS / 5


@pytest.mark.django_db(transaction=True)
def test_timed_out_upload_stores_nothing(slow_site, editor):
    slow_site.force_login(editor)
    response, seconds = timed_get(slow_site, "/slow/upload/")
    assert response.status_code == 503
    assert seconds < SLEEP_SECONDS / 5
    assert not Speech.objects.exists()
    assert not Revision.objects.exists()


def test_request_within_the_timeout_is_answered_and_the_timer_disarmed(
    slow_site, settings
):
    settings.DRAFTS_REQUEST_TIMEOUT = BRIEF_SECONDS * 3
    before = signal.getsignal(signal.SIGALRM)
    response = slow_site.get("/slow/brief/")
    assert response.status_code == 200
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_no_timeout_off_the_main_thread(slow_site):
    # runserver's threads and the live server: SIGALRM cannot reach them.
    answers = []
    worker = threading.Thread(
        target=lambda: answers.append(slow_site.get("/slow/brief/"))
    )
    worker.start()
    worker.join(timeout=SLEEP_SECONDS)
    assert [response.status_code for response in answers] == [200]


def test_zero_turns_the_timeout_off(slow_site, settings):
    settings.DRAFTS_REQUEST_TIMEOUT = 0
    response = slow_site.get("/slow/brief/")
    assert response.status_code == 200
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
