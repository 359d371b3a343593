"""JSON bodies nested too deep are refused before json recurses into them."""

import json
import time

import pytest
from rest_framework.test import APIClient

from drafts.api_parsers import MAX_JSON_DEPTH, json_depth_exceeds
from drafts.models import Revision

TEXT = "同志们：\n今年的任务很重。"


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def post_json(client, url: str, body: str):
    return client.generic("POST", url, body, content_type="application/json")


def upload_nested(levels: int) -> str:
    """Return an upload body whose nesting, the outer object included, is *levels*."""
    inner = "[" * (levels - 1) + "]" * (levels - 1)
    return f'{{"text": {json.dumps(TEXT)}, "note": "嵌套", "extra": {inner}}}'


def assert_too_deep(response) -> None:
    assert response.status_code == 400, response.content
    assert response.json() == {
        "error": f"请求内容嵌套超过 {MAX_JSON_DEPTH} 层，无法处理。",
        "code": "too_deep",
    }


@pytest.mark.django_db
def test_api_refuses_100000_deep_json_upload(api, speech):
    url = f"/api/speeches/{speech.slug}/revisions/"
    assert_too_deep(post_json(api, url, "[" * 100_000 + "]" * 100_000))
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_refuses_json_one_level_past_the_limit(api, speech):
    url = f"/api/speeches/{speech.slug}/revisions/"
    assert_too_deep(post_json(api, url, upload_nested(MAX_JSON_DEPTH + 1)))
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_accepts_json_at_the_limit(api, speech):
    url = f"/api/speeches/{speech.slug}/revisions/"
    response = post_json(api, url, upload_nested(MAX_JSON_DEPTH))
    assert response.status_code == 201, response.content
    assert Revision.objects.get().note == "嵌套"


@pytest.mark.django_db
def test_api_does_not_count_brackets_inside_strings(api, speech):
    url = f"/api/speeches/{speech.slug}/revisions/"
    text = '第一段【注】\n"[{\\"' * 40
    response = api.post(url, {"text": text}, format="json")
    assert response.status_code == 201, response.content
    assert Revision.objects.get().text == text


@pytest.mark.django_db
def test_token_endpoint_refuses_100000_deep_json():
    response = post_json(APIClient(), "/api/token/", "[" * 100_000 + "]" * 100_000)
    assert_too_deep(response)


@pytest.mark.parametrize(
    "text",
    [
        '["' + '\\"' * 50_000,  # a string never closed, full of escaped quotes
        '"' * 600_000,
        "[]" * 300_000,
    ],
)
def test_json_depth_check_is_linear(text):
    started = time.perf_counter()
    assert not json_depth_exceeds(text, MAX_JSON_DEPTH)
    # Linear takes milliseconds; a backtracking string pattern takes a minute.
    assert time.perf_counter() - started < 2
