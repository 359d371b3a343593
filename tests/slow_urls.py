"""A URLconf for tests: the real site, plus views that outlast a short request
timeout, under /api/ and outside it."""

import time

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from speechsite.urls import handler400, handler403, handler404, handler500
from speechsite.urls import urlpatterns as site_urlpatterns
from tests import builders

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

# Far longer than any timeout a test sets: a test that waits this long failed.
SLEEP_SECONDS = 10.0
BRIEF_SECONDS = 0.5


@login_not_required
def slow(request):
    time.sleep(SLEEP_SECONDS)
    return HttpResponse("做完了")


@login_not_required
def brief(request):
    time.sleep(BRIEF_SECONDS)
    return HttpResponse("做完了")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_slow(request):
    time.sleep(SLEEP_SECONDS)
    return Response({"done": True})


def slow_upload(request):
    """Store a speech and its first revision through the services, then keep
    the transaction open past the timeout, as a slow upload would."""
    with transaction.atomic():
        speech = builders.speech(request.user)
        builders.revision(speech, request.user, "同志们：\n\n今天召开会议。")
        time.sleep(SLEEP_SECONDS)
    return HttpResponse("做完了")


urlpatterns = [
    path("slow/", slow),
    path("slow/brief/", brief),
    path("slow/upload/", slow_upload),
    path("api/slow/", login_not_required(api_slow)),
    *site_urlpatterns,
]
