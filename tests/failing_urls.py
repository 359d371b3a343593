"""A URLconf for tests: the real site, plus views that fail on purpose under
/api/ and outside it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework.decorators import api_view

from speechsite.urls import handler400, handler403, handler404, handler500
from speechsite.urls import urlpatterns as site_urlpatterns
from tests import db_failures

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class Bug(Exception):
    pass


@api_view(["GET", "POST"])
def api_crash(request):
    raise Bug("a bug in an API view")


def crash(request):
    raise Bug("a bug in a view")


@api_view(["GET", "POST"])
def api_database_away(request):
    db_failures.connect_to_absent_postgresql()


def database_away(request):
    db_failures.connect_to_absent_postgresql()


def database_locked(request):
    db_failures.write_to_locked_sqlite()


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404


urlpatterns = [
    path("api/failing/crash/", api_crash),
    path("api/failing/plain-crash/", crash),
    path("api/failing/forbidden/", forbidden),
    path("api/failing/missing/", missing),
    path("api/failing/database-away/", api_database_away),
    path("api/failing/database-locked/", database_locked),
    path("failing/crash/", crash),
    path("failing/forbidden/", forbidden),
    path("failing/missing/", missing),
    path("failing/database-away/", database_away),
    path("failing/database-locked/", database_locked),
    *site_urlpatterns,
]
