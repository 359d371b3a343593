"""A database that cannot be reached answers 503 with Retry-After, a Chinese
page or the API's JSON, never the 500 page; an error of one statement, such
as a lock timeout, stays a 500. The errors are the drivers' own."""

import sqlite3

import psycopg
import pytest
from django.db import DatabaseError as DjangoDatabaseError
from django.db import IntegrityError, OperationalError, connection

from drafts.db_outage import is_database_outage
from tests import db_failures
from tests.db_failures import database_wrapper
from tests.fresh_settings import read_settings

UNAVAILABLE = {
    "error": "数据库暂时无法连接，请稍后重试；提交的内容没有被部分保存。",
    "code": "database_unavailable",
}
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a PostgreSQL server"
)


def raised_by(action) -> Exception:
    # A database error, Django's or the driver's: not any exception at all.
    with pytest.raises((DjangoDatabaseError, psycopg.Error, sqlite3.Error)) as caught:
        action()
    return caught.value


@pytest.fixture
def failing(settings, editor_client):
    settings.ROOT_URLCONF = "tests.failing_urls"
    editor_client.raise_request_exception = False
    return editor_client


# Which errors are outages


@pytest.mark.django_db
def test_a_refused_postgresql_connection_is_an_outage():
    error = raised_by(db_failures.connect_to_absent_postgresql)
    assert isinstance(error, OperationalError)
    assert is_database_outage(error)


@pytest.mark.django_db
def test_a_sqlite_file_that_cannot_be_opened_is_an_outage():
    assert is_database_outage(raised_by(db_failures.open_missing_sqlite_file))


@pytest.mark.django_db
def test_a_locked_sqlite_database_is_not_an_outage():
    error = raised_by(db_failures.write_to_locked_sqlite)
    assert isinstance(error, OperationalError)
    assert "locked" in str(error)
    assert not is_database_outage(error)


def test_errors_other_than_operational_ones_are_not_outages():
    assert not is_database_outage(IntegrityError("duplicate key"))
    assert not is_database_outage(RuntimeError("a bug"))
    assert not is_database_outage(None)


def postgresql_session():
    """Return a second connection to the test database, not in the test's
    transaction."""
    session = database_wrapper("postgresql", **connection.settings_dict)
    session.ensure_connection()
    return session


@on_postgresql
@pytest.mark.django_db
def test_a_connection_ended_by_the_server_is_an_outage():
    victim = postgresql_session()
    pid = victim.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    try:
        error = raised_by(lambda: victim.cursor().execute("SELECT 1"))
    finally:
        victim.close()
    assert isinstance(error, OperationalError)
    assert is_database_outage(error)


@on_postgresql
@pytest.mark.django_db
def test_lock_and_statement_timeouts_on_postgresql_are_not_outages():
    holder, waiter = postgresql_session(), postgresql_session()
    try:
        holder.cursor().execute("BEGIN")
        holder.cursor().execute("LOCK TABLE django_session")
        waiter.cursor().execute("SET lock_timeout = '20ms'")
        waiter.cursor().execute("BEGIN")
        locked = raised_by(lambda: waiter.cursor().execute("LOCK TABLE django_session"))
        waiter.cursor().execute("ROLLBACK")
        waiter.cursor().execute("SET statement_timeout = '20ms'")
        slow = raised_by(lambda: waiter.cursor().execute("SELECT pg_sleep(5)"))
    finally:
        holder.close()
        waiter.close()
    assert locked.__cause__.sqlstate == "55P03"
    assert slow.__cause__.sqlstate == "57014"
    assert not is_database_outage(locked)
    assert not is_database_outage(slow)


# What the client sees


@pytest.mark.django_db
def test_pages_answer_a_chinese_503_with_retry_after_when_the_database_is_away(
    failing,
):
    response = failing.get("/failing/database-away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>数据库暂时无法连接</h1>" in html
    assert "服务器出错了" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_api_answers_json_503_when_the_database_is_away(failing, method):
    response = getattr(failing, method)("/api/failing/database-away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    assert body == UNAVAILABLE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/failing/database-locked/", "/api/failing/database-locked/"]
)
def test_a_locked_database_stays_a_500(failing, url):
    response = failing.get(url)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_postgresql_connections_are_checked_kept_and_time_out_as_configured():
    environ = {
        "DATABASE_URL": "postgres://drafts@db.internal:5432/drafts?sslmode=require",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    read = read_settings(
        "[s.DATABASES['default'][name]"
        " for name in ('CONN_HEALTH_CHECKS', 'CONN_MAX_AGE', 'OPTIONS')]",
        environ,
        drop={"DATABASE_CONNECT_TIMEOUT"},
    )
    assert read == [
        True,
        60,
        {"sslmode": "require", "connect_timeout": 5},
    ]
