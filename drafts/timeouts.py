"""Cut a request that runs longer than DRAFTS_REQUEST_TIMEOUT, before gunicorn
kills its worker: the user gets a Chinese 503 (drafts.views.errors) instead of
a dropped connection, and the exception unwinds the transaction it interrupts,
so nothing is stored half-way."""

import signal
import threading

from django.conf import settings


class RequestTimedOut(Exception):
    """Raised inside the request's code when its time is up."""


class RequestTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.DRAFTS_REQUEST_TIMEOUT
        # SIGALRM is delivered to the main thread only. gunicorn's sync workers
        # answer there; runserver's threads and the tests' live server go
        # untimed.
        if not seconds or threading.current_thread() is not threading.main_thread():
            return self.get_response(request)
        previous = signal.signal(signal.SIGALRM, _time_out)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return self.get_response(request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _time_out(signum, frame):
    raise RequestTimedOut("DRAFTS_REQUEST_TIMEOUT has passed")
