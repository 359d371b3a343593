"""Under /api/ every failure answers JSON, a crash included; pages keep their
Chinese HTML error pages."""

import pytest

SERVER_ERROR = {
    "error": "服务器出错了，请稍后重试；提交的内容没有被部分保存。",
    "code": "server_error",
}


@pytest.fixture
def failing(settings, editor_client):
    settings.ROOT_URLCONF = "tests.failing_urls"
    editor_client.raise_request_exception = False
    return editor_client


def assert_json(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and body["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_api_crash_answers_json_500(failing, method):
    response = getattr(failing, method)("/api/failing/crash/")
    assert response.status_code == 500
    assert response.json() == {**SERVER_ERROR, "request_id": response["X-Request-ID"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/failing/plain-crash/", 500, "server_error"),
        ("/api/failing/forbidden/", 403, "forbidden"),
        ("/api/failing/missing/", 404, "not_found"),
    ],
)
def test_django_level_errors_under_api_answer_json(failing, url, status, code):
    assert_json(failing.get(url), status, code)


@pytest.mark.django_db
def test_disallowed_host_under_api_answers_json_400(client):
    response = client.get("/api/speeches/", HTTP_HOST="evil.example")
    assert_json(response, 400, "bad_request")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/failing/crash/", 500, "<h1>服务器出错了</h1>"),
        ("/failing/forbidden/", 403, "没有权限"),
        ("/failing/missing/", 404, "页面不存在"),
    ],
)
def test_pages_keep_their_html_error_pages(failing, url, status, heading):
    response = failing.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_disallowed_host_on_a_page_keeps_the_html_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>请求无效</h1>" in response.content.decode()
