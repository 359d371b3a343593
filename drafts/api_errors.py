"""Every API error as {"error": <Chinese message>, "code": <stable code>}."""

import math

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from drafts.api_parsers import TOO_DEEP_MESSAGE, TooDeep
from drafts.errors import DraftsError, MergeConflict, StaleBase

_MESSAGES = {
    exceptions.NotAuthenticated: ("需要登录或提供令牌。", "not_authenticated"),
    exceptions.AuthenticationFailed: ("身份验证失败。", "authentication_failed"),
    exceptions.PermissionDenied: ("没有执行此操作的权限。", "forbidden"),
    exceptions.MethodNotAllowed: ("不支持此请求方法。", "method_not_allowed"),
    exceptions.UnsupportedMediaType: ("不支持此内容类型。", "unsupported_media_type"),
    exceptions.NotAcceptable: ("无法提供所请求的格式。", "not_acceptable"),
    exceptions.Throttled: ("请求过于频繁，请稍后再试。", "throttled"),
}


def error_handler(exc, context):
    if isinstance(exc, DraftsError):
        return _drafts_error(exc)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"error": "请求内容超过大小上限。", "code": "too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _error_body(exc)
    return response


def _drafts_error(exc: DraftsError) -> Response:
    body = {"error": exc.message, "code": exc.code}
    if isinstance(exc, StaleBase):
        body["base"] = exc.base_number
        body["newer_revisions"] = exc.newer_numbers
    if isinstance(exc, MergeConflict):
        body["conflicts"] = [
            {"base": c.base, "mine": c.mine, "theirs": c.theirs}
            for c in exc.result.conflicts
        ]
    return Response(body, status=exc.status)


def _error_body(exc) -> dict:
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        return _throttled_body(exc.wait)
    for kind, (message, code) in _MESSAGES.items():
        if isinstance(exc, kind):
            return {"error": message, "code": code}
    if isinstance(exc, exceptions.NotFound):
        return {"error": "所请求的对象不存在。", "code": "not_found"}
    if isinstance(exc, TooDeep):
        return {"error": TOO_DEEP_MESSAGE, "code": "too_deep"}
    if isinstance(exc, exceptions.ParseError):
        return {"error": "请求内容无法解析。", "code": "parse_error"}
    if isinstance(exc, exceptions.ValidationError):
        return {
            "error": _first_message(exc.detail),
            "code": "invalid",
            "fields": exc.detail,
        }
    return {"error": str(exc.detail), "code": getattr(exc, "default_code", "error")}


def _throttled_body(wait: float) -> dict:
    seconds = max(1, math.ceil(wait))
    return {
        "error": f"请求过于频繁，请在 {seconds} 秒后再试。",
        "code": "throttled",
        "retry_after": seconds,
    }


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for field, value in detail.items():
            prefix = "" if field == "non_field_errors" else f"{field}："
            return prefix + _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)
