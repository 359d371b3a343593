"""The migrations themselves guard history: a brand-new database migrated by
manage.py has every trigger, and raw SQL cannot rewrite what it holds.

The other database tests install the guards in their set-up, so they would
not notice a migration that stopped installing them."""

import importlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing, contextmanager
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
VENDOR = connection.vendor

# The guards present once each migration that installs them has run.
GUARDS = {
    "sqlite": {
        "0002_roles_and_guards": {
            "drafts_revision_no_update",
            "drafts_revision_no_delete",
        },
        "0004_review_guards_and_roles": {
            "drafts_review_no_update",
            "drafts_review_no_delete",
        },
        "0005_history_guards": {
            "drafts_revision_no_replace",
            "drafts_review_no_replace",
        },
    },
    "postgresql": {
        "0002_roles_and_guards": {"drafts_revision_guard"},
        "0004_review_guards_and_roles": {"drafts_review_guard"},
        "0005_history_guards": {
            "drafts_revision_no_truncate",
            "drafts_review_no_truncate",
        },
    },
}.get(VENDOR, {})

TRIGGERS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}.get(VENDOR, "")

SEED = """
import json
from django.contrib.auth import get_user_model
from drafts import services
from drafts.models import Review
user = get_user_model().objects.create(username="admin", is_superuser=True)
speech = services.speech_create(title="讲话", slug="talk", created_by=user)
revision = services.revision_create(
    speech=speech, author=user, incoming=services.incoming_from_paste("同志们：\\n好。")
)
review = Review.objects.create(
    revision=revision, reviewer=user, decision="approve",
    content_sha256=revision.text_sha256,
)
print(json.dumps({"drafts_revision": revision.pk, "drafts_review": review.pk}))
"""

pytestmark = pytest.mark.skipif(
    VENDOR not in ("sqlite", "postgresql"), reason="guards exist for these two"
)


class FreshDatabase:
    """A database made for this module alone, reached without Django."""

    def __init__(self, url: str, connect):
        self.url, self.connect = url, connect
        self.guards_after: dict[str, set[str]] = {}
        self.ids: dict[str, int] = {}

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            env={**os.environ, "DATABASE_URL": self.url},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def triggers(self) -> set[str]:
        with self.connect() as conn:
            return {row[0] for row in conn.execute(TRIGGERS)}


@contextmanager
def _sqlite_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("fresh") / "drafts.sqlite3"
    # Without Django's pragmas: the triggers must hold on their own.
    yield FreshDatabase(
        f"sqlite:///{path}",
        lambda: closing(sqlite3.connect(path, isolation_level=None)),
    )


@contextmanager
def _postgresql_database(tmp_path_factory):
    settings = connection.settings_dict
    server = {
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
    }
    name = f"drafts_migrations_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (
        f"postgres://{quote(settings['USER'], safe='')}:"
        f"{quote(settings['PASSWORD'] or '', safe='')}@"
        f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
    )
    try:
        yield FreshDatabase(
            url, lambda: psycopg.connect(dbname=name, autocommit=True, **server)
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Return a new database migrated step by step, with one review in it."""
    made = {"sqlite": _sqlite_database, "postgresql": _postgresql_database}[VENDOR]
    with made(tmp_path_factory) as database:
        for step in GUARDS:
            database.manage("migrate", "--noinput", "drafts", step)
            database.guards_after[step] = database.triggers()
        database.manage("migrate", "--noinput")
        database.guards_after["all"] = database.triggers()
        output = database.manage("shell", "-c", SEED)
        database.ids = json.loads(output.strip().splitlines()[-1])
        yield database


def _installed_by(step: str) -> set[str]:
    steps = list(GUARDS)
    return set().union(*(GUARDS[s] for s in steps[: steps.index(step) + 1]))


@pytest.mark.parametrize("step", [*GUARDS, "all"])
def test_migrations_install_the_guards_of_each_step(fresh, step):
    expected = _installed_by(list(GUARDS)[-1] if step == "all" else step)
    assert expected <= fresh.guards_after[step]


def _copy(conn, table: str, verb: str, changes: dict[str, str], tail="") -> str:
    query = {
        "sqlite": f"SELECT name FROM pragma_table_info('{table}')",
        "postgresql": "SELECT column_name FROM information_schema.columns"
        f" WHERE table_name = '{table}' ORDER BY ordinal_position",
    }[VENDOR]
    columns = [row[0] for row in conn.execute(query)]
    values = ", ".join(changes.get(column, column) for column in columns)
    return (
        f"{verb} INTO {table} ({', '.join(columns)}) "
        f"SELECT {values} FROM {table} WHERE id = {{drafts_revision}} {tail}"
    )


def _attacks() -> list[str]:
    common = [
        "UPDATE drafts_revision SET text = 'x' WHERE id = {drafts_revision}",
        "DELETE FROM drafts_review WHERE id = {drafts_review}",
        "DELETE FROM drafts_revision",
        ("INSERT", "ON CONFLICT (id) DO UPDATE SET text = excluded.text"),
    ]
    if VENDOR == "sqlite":
        return [*common, ("REPLACE", ""), ("INSERT OR REPLACE", "")]
    return [*common, "TRUNCATE drafts_review", "TRUNCATE drafts_revision CASCADE"]


def _stored(conn) -> list:
    return [
        conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("drafts_revision", "drafts_review")
    ]


@pytest.mark.parametrize("attack", _attacks(), ids=str)
def test_migrated_database_refuses_rewrites(fresh, attack):
    error = sqlite3.Error if VENDOR == "sqlite" else psycopg.Error
    with fresh.connect() as conn:
        if isinstance(attack, tuple):
            verb, tail = attack
            attack = _copy(conn, "drafts_revision", verb, {"text": "'x'"}, tail)
        before = _stored(conn)
        conn.execute("BEGIN")
        try:
            with pytest.raises(error):
                conn.execute(attack.format(**fresh.ids))
        finally:
            conn.execute("ROLLBACK")
        assert _stored(conn) == before


@pytest.mark.django_db
def test_unapplying_0005_keeps_the_guards_before_it():
    migration = importlib.import_module("drafts.migrations.0005_history_guards")
    migration.remove_history_guards(None, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(TRIGGERS)
        found = {row[0] for row in cursor.fetchall()}
    assert _installed_by("0004_review_guards_and_roles") <= found
    assert not GUARDS["0005_history_guards"] & found


OLD_HISTORY = [
    "INSERT INTO auth_user (password, is_superuser, username, first_name,"
    " last_name, email, is_staff, is_active, date_joined) VALUES"
    " ('', TRUE, 'admin', '', '', '', TRUE, TRUE, '2026-01-05 08:00:00+00')",
    "INSERT INTO drafts_speech (title, slug, occasion, description, created_by_id,"
    " created_at, status, revision_count, required_approvals) VALUES"
    " ('讲话', 'talk', '', '', 1, '2026-01-05 08:00:00+00', 'drafting', 1, 1)",
    "INSERT INTO drafts_revision (speech_id, number, author_id, created_at, note,"
    " source_kind, source_name, source_format, source_encoding, import_notices,"
    " text, text_sha256, char_count, review_state) VALUES (1, 1, 1,"
    " '2026-01-05 08:00:00+00', '', 'paste', '', '', '', '[]', '同志们：好。',"
    " '{sha}', 6, 'submitted')",
    "INSERT INTO drafts_review (revision_id, reviewer_id, decision, note,"
    " content_sha256, created_at) VALUES (1, 1, 'comment', '第一条',"
    " '{sha}', '2026-01-05 09:00:00.123456+00')",
    "INSERT INTO drafts_review (revision_id, reviewer_id, decision, note,"
    " content_sha256, created_at) VALUES (1, 1, 'approve', '同意',"
    " '{sha}', '2026-01-05 10:00:00+00')",
]


def test_migration_0007_chains_the_decisions_already_recorded(tmp_path_factory):
    import hashlib

    sha = hashlib.sha256("同志们：好。".encode()).hexdigest()
    made = {"sqlite": _sqlite_database, "postgresql": _postgresql_database}[VENDOR]
    with made(tmp_path_factory) as database:
        database.manage("migrate", "--noinput", "drafts", "0006_memberships")
        with database.connect() as conn:
            for statement in OLD_HISTORY:
                conn.execute(statement.format(sha=sha))
        database.manage("migrate", "--noinput")
        assert "均一致" in database.manage("verify_history")
        with database.connect() as conn:
            rows = conn.execute(
                "SELECT previous_hash, entry_hash FROM drafts_review ORDER BY id"
            ).fetchall()
    assert len(rows) == 2 and all(len(h) == 64 for row in rows for h in row)
    assert rows[1][0] == rows[0][1]
