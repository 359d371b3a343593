"""History cannot be rewritten by raw SQL that replaces rows instead of
updating them: SQLite's REPLACE, upserts, PostgreSQL's TRUNCATE."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction

from drafts.db_guards import (
    APPEND_ONLY_TABLES,
    IMMUTABLE_COLUMNS,
    UNIQUE_KEYS,
    UPDATABLE_COLUMNS,
)
from drafts.models import Revision
from tests import builders

TEXT = "同志们：\n今年的任务很重。"
REWRITE = "'同志们：\n今年的任务不重。'"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="REPLACE and its pragmas are SQLite's"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's"
)


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def _copy(table: str, verb: str, changes: dict[str, str], tail: str = "") -> str:
    """Return SQL that inserts a copy of the row %s of *table* with *changes*."""
    columns = _columns(table)
    values = ", ".join(changes.get(column, column) for column in columns)
    return (
        f"{verb} INTO {table} ({', '.join(columns)}) "
        f"SELECT {values} FROM {table} WHERE id = %s {tail}"
    )


def _stored(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        return [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in cursor.fetchall()
        ]


_NEW_ID = "id + 1000"
_TEXT = {"text": REWRITE}
_DECISION = {"decision": "'request_changes'"}
_NOTE = {"note": "'改写的意见'"}

# (table, verb, changed columns): each rewrites the stored row through a
# conflict on the primary key or, for revisions, on (speech, number).
REPLACES = {
    "revision-or-replace-id": ("drafts_revision", "INSERT OR REPLACE", _TEXT),
    "revision-replace-id": ("drafts_revision", "REPLACE", _TEXT),
    "revision-or-replace-number": (
        "drafts_revision",
        "INSERT OR REPLACE",
        {"id": _NEW_ID, **_TEXT},
    ),
    "revision-replace-number": ("drafts_revision", "REPLACE", {"id": _NEW_ID, **_TEXT}),
    "review-or-replace-id": ("drafts_review", "INSERT OR REPLACE", _DECISION),
    "review-replace-id": ("drafts_review", "REPLACE", _DECISION),
}
# A second approval by the same reviewer collides on a partial unique index;
# only the delete guard, reached through recursive triggers, stops it.
APPROVAL_REPLACES = {
    "review-or-replace-approval": (
        "drafts_review",
        "INSERT OR REPLACE",
        {"id": _NEW_ID, **_NOTE},
    ),
    "review-replace-approval": ("drafts_review", "REPLACE", {"id": _NEW_ID, **_NOTE}),
}
UPSERTS = {
    "revision-upsert-id": (
        "drafts_revision",
        _TEXT,
        "ON CONFLICT (id) DO UPDATE SET text = excluded.text",
    ),
    "revision-upsert-number": (
        "drafts_revision",
        {"id": _NEW_ID, **_TEXT},
        "ON CONFLICT (speech_id, number) DO UPDATE SET text = excluded.text",
    ),
    "review-upsert-id": (
        "drafts_review",
        _DECISION,
        "ON CONFLICT (id) DO UPDATE SET decision = excluded.decision",
    ),
    "review-upsert-approval": (
        "drafts_review",
        {"id": _NEW_ID, **_NOTE},
        "ON CONFLICT (revision_id, reviewer_id) WHERE decision = 'approve' "
        "DO UPDATE SET note = excluded.note",
    ),
}


@pytest.fixture
def history(speech, editor, reviewer):
    """Return the ids of an approved revision and of its approval."""
    revision = builders.approved(speech, editor, TEXT, reviewer=reviewer)
    return {"drafts_revision": revision.pk, "drafts_review": revision.reviews.get().pk}


def assert_refused(table: str, sql: str, history: dict) -> None:
    before = {name: _stored(name) for name in APPEND_ONLY_TABLES}
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [history[table]])
    assert {name: _stored(name) for name in APPEND_ONLY_TABLES} == before


@contextmanager
def _recursive_triggers_off():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")


@sqlite_only
@pytest.mark.django_db
def test_sqlite_connections_fire_triggers_for_replaced_rows():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone() == (1,)


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("case", [*REPLACES, *APPROVAL_REPLACES], ids=str)
def test_replace_cannot_rewrite_history(history, case):
    table, verb, changes = {**REPLACES, **APPROVAL_REPLACES}[case]
    assert_refused(table, _copy(table, verb, changes), history)


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("case", REPLACES, ids=str)
def test_insert_guard_refuses_replace_without_recursive_triggers(history, case):
    table, verb, changes = REPLACES[case]
    with _recursive_triggers_off():
        assert_refused(table, _copy(table, verb, changes), history)


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_replace_guard_covers_every_unique_key(table):
    guarded = {("id",), *UNIQUE_KEYS.get(table, ())}
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA index_list({table})")
        indexes = [(name, partial) for _, name, unique, _, partial in cursor if unique]
        for name, partial in indexes:
            cursor.execute(f"PRAGMA index_info({name})")
            key = tuple(column for _, _, column in cursor.fetchall())
            assert partial or key in guarded, f"{table} {key}: add it to UNIQUE_KEYS"


@pytest.mark.django_db
@pytest.mark.parametrize("case", UPSERTS, ids=str)
def test_upsert_cannot_rewrite_history(history, case):
    table, changes, tail = UPSERTS[case]
    assert_refused(table, _copy(table, "INSERT", changes, tail), history)


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        *[f"TRUNCATE {table} CASCADE" for table in APPEND_ONLY_TABLES],
        "TRUNCATE drafts_speech CASCADE",
    ],
)
def test_owner_cannot_truncate_append_only_tables(history, statement):
    before = {name: _stored(name) for name in APPEND_ONLY_TABLES}
    with connection.cursor() as cursor:
        # TRUNCATE refuses to run while the test's deferred checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert {name: _stored(name) for name in APPEND_ONLY_TABLES} == before


def test_every_revision_column_but_the_review_state_is_immutable():
    columns = {field.column for field in Revision._meta.concrete_fields}
    updatable = set(UPDATABLE_COLUMNS["drafts_revision"])
    assert updatable == {"review_state"}
    assert set(IMMUTABLE_COLUMNS) == columns - updatable


@pytest.mark.django_db
@pytest.mark.parametrize(
    "assignment",
    ["id = id + 1000", "note = '改写'", "import_notices = '[\"改写\"]'"],
)
def test_database_refuses_raw_updates_of_identity_and_note(history, assignment):
    sql = f"UPDATE drafts_revision SET {assignment} WHERE id = %s"
    assert_refused("drafts_revision", sql, history)


@pytest.mark.django_db
def test_database_lets_the_review_state_move_on(history):
    pk = history["drafts_revision"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE drafts_revision SET review_state = 'changes_requested' "
            "WHERE id = %s",
            [pk],
        )
    assert Revision.objects.get(pk=pk).review_state == "changes_requested"
