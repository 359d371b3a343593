"""The grant_app_role command: a database role the application can run as
without being able to rewrite history."""

import os
import secrets
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from drafts.models import Review, Revision
from tests import builders

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
TEXT = "同志们：\n今年的任务很重。"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)


def grant(role: str) -> str:
    out = StringIO()
    call_command("grant_app_role", role, stdout=out)
    return out.getvalue()


def _drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def role_name(transactional_db):
    """Return a role name unique to this run; roles outlive test databases."""
    role = f"drafts_test_{os.getpid()}_{secrets.token_hex(4)}"
    yield role
    _drop_role(role)


@pytest.fixture
def app_role(role_name, monkeypatch):
    """Return (name, password) of an application role made by the command."""
    password = secrets.token_urlsafe(16)
    monkeypatch.setenv("DRAFTS_APP_ROLE_PASSWORD", password)
    grant(role_name)
    return role_name, password


@pytest.fixture
def history(transactional_db, speech, editor, reviewer):
    revision = builders.approved(speech, editor, TEXT, reviewer=reviewer)
    return revision, revision.reviews.get()


@contextmanager
def connected_as(role: str, password: str):
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=role,
        password=password,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as conn:
        yield conn


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="on PostgreSQL the command runs"
)
def test_grant_app_role_is_only_for_postgresql():
    with pytest.raises(CommandError, match="only for PostgreSQL"):
        grant("drafts_app")


# Each would let the application rewrite or remove history; the role is
# refused for want of privilege (42501), before any trigger is reached.
FORBIDDEN = [
    "TRUNCATE drafts_review",
    "TRUNCATE drafts_revision CASCADE",
    "SET session_replication_role = replica",
    "ALTER TABLE drafts_revision DISABLE TRIGGER ALL",
    "DROP TRIGGER drafts_review_guard ON drafts_review",
    "UPDATE drafts_revision SET text = 'x'",
    "UPDATE drafts_revision SET note = 'x'",
    "UPDATE drafts_review SET decision = 'request_changes'",
    "DELETE FROM drafts_review",
    "DELETE FROM drafts_revision",
    "INSERT INTO drafts_revision SELECT * FROM drafts_revision "
    "ON CONFLICT (id) DO UPDATE SET text = 'x'",
    "CREATE TABLE drafts_shadow (id int)",
    "SET ROLE {owner}",
]


@postgresql_only
@pytest.mark.parametrize("statement", FORBIDDEN)
def test_app_role_cannot_rewrite_history(app_role, history, statement):
    revision, review = history
    owner = connection.settings_dict["USER"]
    with connected_as(*app_role) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement.format(owner=owner))
    assert Revision.objects.get().text == TEXT
    assert list(Review.objects.values_list("pk", "decision")) == [
        (review.pk, "approve")
    ]


def manage_as(role: str, password: str, *args: str) -> None:
    """Run manage.py *args* connected as *role*, as a deployment would."""
    settings = connection.settings_dict
    url = (
        f"postgres://{quote(role)}:{quote(password, safe='')}@"
        f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/"
        f"{settings['NAME']}"
    )
    done = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        # DEBUG for load_demo: the demo's accounts have known passwords.
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


RECORD_COMMENT = """
from django.contrib.auth import get_user_model
from drafts import services
from drafts.models import Revision
services.review_record(
    revision=Revision.objects.get(pk={revision}),
    reviewer=get_user_model().objects.get(pk={reviewer}),
    decision="comment",
    note="第二段再斟酌",
)
"""


@postgresql_only
def test_app_role_records_decisions_and_moves_review_states(app_role, history):
    revision, review = history
    code = RECORD_COMMENT.format(revision=revision.pk, reviewer=review.reviewer_id)
    manage_as(*app_role, "shell", "-c", code)
    with connected_as(*app_role) as conn:
        conn.execute(
            "UPDATE drafts_revision SET review_state = 'changes_requested'"
            " WHERE id = %s",
            [revision.pk],
        )
    assert [r.decision for r in Review.objects.all()] == ["approve", "comment"]
    assert Revision.objects.get().review_state == "changes_requested"


@postgresql_only
def test_application_runs_as_the_app_role(app_role):
    manage_as(*app_role, "load_demo")
    assert Review.objects.exists()
    assert Revision.objects.exclude(review_state="draft").exists()


@postgresql_only
def test_grant_app_role_runs_again_without_a_password(app_role, monkeypatch):
    role, password = app_role
    monkeypatch.delenv("DRAFTS_APP_ROLE_PASSWORD")
    assert "已更新" in grant(role)
    with connected_as(role, password) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM drafts_review")


@postgresql_only
def test_grant_app_role_takes_back_what_an_append_only_table_had(app_role):
    role, password = app_role
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT ALL ON drafts_review, drafts_revision TO "{role}"')
    grant(role)
    with connected_as(role, password) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM drafts_review")


@postgresql_only
def test_grant_app_role_needs_a_password_for_a_new_role(role_name, monkeypatch):
    monkeypatch.delenv("DRAFTS_APP_ROLE_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DRAFTS_APP_ROLE_PASSWORD"):
        grant(role_name)


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Drafts", "drafts; DROP ROLE postgres", ""])
def test_grant_app_role_refuses_odd_names(name):
    with pytest.raises(CommandError, match="无效"):
        grant(name)


@postgresql_only
@pytest.mark.django_db
def test_grant_app_role_refuses_the_owner(monkeypatch):
    monkeypatch.setenv("DRAFTS_APP_ROLE_PASSWORD", "x")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError, match="所有者"):
        grant(owner)


@postgresql_only
def test_grant_app_role_refuses_a_role_that_can_still_write_history(
    app_role, monkeypatch
):
    role, _ = app_role
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT pg_write_all_data TO "{role}"')
    with pytest.raises(CommandError, match="drafts_review 可 DELETE"):
        grant(role)
