"""One log line per request, and a request id that every log line of that
request carries, that the answer returns in X-Request-ID and that the error
pages show, so that a user can quote it."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.functional import SimpleLazyObject, empty

HEADER = "X-Request-ID"
# An id from a proxy in front is kept when it is a short token that cannot
# break a log line or a header; anything else is replaced.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_NO_REQUEST = "-"

_request_id: ContextVar[str] = ContextVar("request_id", default=_NO_REQUEST)
logger = logging.getLogger("drafts.request")


def current_request_id() -> str:
    """Return the id of the request being answered, or "-" outside one."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RunserverRequestLineFilter(logging.Filter):
    """Drop runserver's own request lines ("GET / HTTP/1.1" 200 …): the
    middleware writes one already. Its other messages stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith('"%s"')


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming_id(request) or uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            _log(request, response, time.monotonic() - started)
            # This line is the response's log: Django's handler would add
            # "Not Found: …" or "Service Unavailable: …" after the request id
            # is gone. Tracebacks of errors were logged inside, and still are.
            response._has_been_logged = True
            return response
        finally:
            _request_id.reset(token)


def _incoming_id(request) -> str | None:
    value = request.headers.get(HEADER, "")
    return value if _SANE_ID.fullmatch(value) else None


def _log(request, response, seconds: float) -> None:
    status = response.status_code
    duration_ms = round(seconds * 1000, 1)
    logger.log(
        logging.ERROR if status >= 500 else logging.INFO,
        "%s %s %s %sms",
        request.method,
        request.path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": _user_id(request),
        },
    )


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    # Not looked up for the log's sake: that would cost a session and a user
    # query on answers that never needed them (static files, /healthz).
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None
