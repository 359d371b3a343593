"""Error pages in Chinese; under /api/ the same errors in JSON, shaped as the
API's own: {"error": <Chinese message>, "code": <stable code>}."""

from django.http import JsonResponse
from django.shortcuts import render

# Where speechsite/urls.py mounts drafts.api_urls.
API_PREFIX = "/api/"
_API_ERRORS = {
    400: ("请求无效，无法处理。", "bad_request"),
    403: ("没有执行此操作的权限。", "forbidden"),
    404: ("所请求的对象不存在。", "not_found"),
    500: ("服务器出错了，请稍后重试；提交的内容没有被部分保存。", "server_error"),
}


def page_not_found(request, exception):
    return _error(request, 404)


def permission_denied(request, exception):
    return _error(request, 403)


def bad_request(request, exception):
    # Reached for requests Django refuses before any view runs, such as a
    # pasted text larger than the upload limit (RequestDataTooBig).
    return _error(request, 400)


def server_error(request):
    return _error(request, 500)


def _error(request, status: int):
    if request.path_info.startswith(API_PREFIX):
        message, code = _API_ERRORS[status]
        return JsonResponse(
            {"error": message, "code": code},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, f"{status}.html", status=status)
