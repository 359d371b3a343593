"""/healthz: whether this process can reach its database and its cache, for a
load balancer or a monitor to ask as often as it likes."""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request):
    parts = {name: _check(name, probe) for name, probe in _PROBES}
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **parts},
        status=200 if healthy else 503,
    )


def _check(name: str, probe) -> str:
    try:
        probe()
    except Exception:
        logger.warning("health check: %s unreachable", name, exc_info=True)
        return "unreachable"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A key of its own each time: a value left by an earlier check, or written
    # meanwhile by another worker's, proves nothing. It expires on its own.
    value = uuid.uuid4().hex
    key = f"drafts:healthz:{value}"
    cache.set(key, value, timeout=5)
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")


_PROBES = (("database", _database), ("cache", _cache))
