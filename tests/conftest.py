import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests import builders

# Property tests: in CI the same examples every run (derandomized, no example
# database), so a red run is repeatable and a green one means the same thing
# twice; locally a broader, random search, whose finds become example tests.
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("dev", deadline=None, max_examples=300)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True, scope="session")
def _served_as_in_development(tmp_path_factory):
    """Render pages without a collectstatic run, over plain HTTP.

    Production storage needs the manifest that collectstatic writes, and
    production settings redirect plain HTTP: tests/test_serving.py runs both
    for real. STATIC_ROOT is an empty folder, so that WhiteNoise finds one.
    """
    from django.test import override_settings

    plain = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        SECURE_SSL_REDIRECT=False,
    )
    plain.enable()
    yield
    plain.disable()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    names = request.fixturenames
    return "transactional_db" in names or "live_server" in names


def _uses_database(request) -> bool:
    names = request.fixturenames
    return bool(
        request.node.get_closest_marker("django_db")
        or {"db", "transactional_db", "live_server"} & set(names)
    )


@pytest.fixture(autouse=True)
def _revision_guards(request):
    """Keep the database triggers in place, and out of the way of a flush.

    A transactional test ends with a flush, which on SQLite deletes rows one
    table at a time and would trip the no-delete trigger, and on PostgreSQL
    truncates the tables and would trip the no-truncate trigger.
    """
    if not _uses_database(request):
        yield
        return
    from django.db import connection

    from drafts import db_guards

    transactional = _is_transactional(request)
    request.getfixturevalue("transactional_db" if transactional else "db")
    db_guards.install(connection)
    yield
    if transactional:
        db_guards.allow_flush(connection)


@pytest.fixture(autouse=True)
def _fast_password_hasher(request):
    """Hash test passwords with MD5: PBKDF2 costs most of a second per user,
    and users are made by the hundred. Production keeps Django's default."""
    if not _uses_database(request):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


@pytest.fixture
def editor(db):
    return builders.user("editor", builders.EDITORS)


@pytest.fixture
def editor2(db):
    return builders.user("editor2", builders.EDITORS)


@pytest.fixture
def reviewer(db):
    return builders.user("reviewer", builders.REVIEWERS)


@pytest.fixture
def approver(db):
    return builders.user("approver", builders.APPROVERS)


@pytest.fixture
def outsider(db):
    return builders.user("outsider")


TEAM = ("editor2", "reviewer", "approver")


@pytest.fixture
def speech(request, editor):
    """The demo speech's title, created by *editor*; the other role fixtures
    a test asks for are members too, as an office's writing team would be.
    The outsider never is."""
    created = builders.speech(editor)
    for name in TEAM:
        if name in request.fixturenames:
            builders.member(created, request.getfixturevalue(name))
    return created


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _role_groups(request):
    """Give a transactional test the role groups the migrations made.

    The flush that ends the previous transactional test empties every table,
    groups included; permissions come back with post_migrate, groups do not.
    """
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    _restore_role_groups()
    yield


def _restore_role_groups() -> None:
    from django.apps import apps

    from drafts import roles

    roles.grant_all(apps)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Start and end every database test with an empty cache: comparisons of
    stored revisions are cached. Pure tests need no Django at all."""
    if not _uses_database(request):
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db, settings):
    """Return the demo speech, with every demo user and revision loaded."""
    import io

    from django.core.management import call_command

    from drafts.models import Speech

    settings.DEBUG = True  # load_demo refuses without it: known passwords
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return Speech.objects.get(slug="organization-work")


@pytest.fixture
def demo_client(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    return client
