"""Error pages in Chinese; under /api/ the same errors in JSON, shaped as the
API's own: {"error": <Chinese message>, "code": <stable code>}. A server error
also names its request id, for the user to quote."""

import sys

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from drafts.db_outage import is_database_outage
from drafts.request_log import current_request_id
from drafts.timeouts import RequestTimedOut

# Where speechsite/urls.py mounts drafts.api_urls.
API_PREFIX = "/api/"
_API_ERRORS = {
    400: ("请求无效，无法处理。", "bad_request"),
    403: ("没有执行此操作的权限。", "forbidden"),
    404: ("所请求的对象不存在。", "not_found"),
    500: ("服务器出错了，请稍后重试；提交的内容没有被部分保存。", "server_error"),
    503: (
        "数据库暂时无法连接，请稍后重试；提交的内容没有被部分保存。",
        "database_unavailable",
    ),
}
# A PostgreSQL restart takes seconds; clients that honour the header come
# back once rather than hammering a server that cannot answer yet.
RETRY_AFTER_SECONDS = 30
_TIMED_OUT = (
    "请求处理超时，已被中止；未完成的保存已全部撤销，不会只保存一半。请稍后重试。",
    "timeout",
)


def page_not_found(request, exception):
    return _error(request, 404)


def permission_denied(request, exception):
    return _error(request, 403)


def bad_request(request, exception):
    # Reached for requests Django refuses before any view runs, such as a
    # pasted text larger than the upload limit (RequestDataTooBig).
    return _error(request, 400)


def server_error(request):
    # Django calls this inside its except clause for an exception raised
    # anywhere: in a view, or in a middleware such as the session or login
    # middleware, which reach the database before any view runs.
    exception = sys.exception()
    if is_database_outage(exception):
        return _database_unavailable(request)
    if isinstance(exception, RequestTimedOut):
        return _respond(request, 503, "timeout.html", _TIMED_OUT)
    return _error(request, 500)


def _database_unavailable(request):
    if request.path_info.startswith(API_PREFIX):
        response = _error(request, 503)
    else:
        # Without the request: its context processors would look up the
        # user and the messages, in the database that is away.
        context = {"request_id": current_request_id()}
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error(request, status: int):
    return _respond(request, status, f"{status}.html", _API_ERRORS[status])


def _respond(request, status: int, template: str, api_error: tuple[str, str]):
    request_id = current_request_id()
    if request.path_info.startswith(API_PREFIX):
        message, code = api_error
        body = {"error": message, "code": code}
        if status >= 500:
            body["request_id"] = request_id
        return JsonResponse(
            body, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, template, {"request_id": request_id}, status=status)
