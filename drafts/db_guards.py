"""Database triggers that keep history immutable even against raw SQL.

The ORM refuses first (drafts.models); these catch whatever bypasses it:
UPDATE and DELETE, SQLite's REPLACE and upserts, PostgreSQL's TRUNCATE.
"""

# Tables whose rows are never rewritten or removed once written. Each gets the
# replace (SQLite) and truncate (PostgreSQL) guards below, and the application
# role only SELECT and INSERT on it (drafts.db_grants).
APPEND_ONLY_TABLES = ("drafts_revision", "drafts_review")

# The only columns of an append-only table that may still change.
UPDATABLE_COLUMNS = {"drafts_revision": ("review_state",)}

# Every other column of drafts_revision: a revision keeps its identity, its
# note and its import notices as well as its text.
IMMUTABLE_COLUMNS = (
    "id",
    "speech_id",
    "number",
    "parent_id",
    "author_id",
    "created_at",
    "text",
    "text_sha256",
    "char_count",
    "original_bytes",
    "source_kind",
    "source_name",
    "source_format",
    "source_encoding",
    "note",
    "import_notices",
)

# Unique keys besides the primary key that a REPLACE could collide on. A
# partial unique index (one approval per reviewer) is left to the delete
# guard, which the REPLACE reaches through PRAGMA recursive_triggers.
UNIQUE_KEYS = {
    "drafts_revision": (("speech_id", "number"),),
    "drafts_review": (("previous_hash",), ("entry_hash",)),
}

_SQLITE_UPDATE = """
CREATE TRIGGER drafts_revision_no_update
BEFORE UPDATE OF {columns} ON drafts_revision
BEGIN SELECT RAISE(ABORT, 'drafts: revisions are immutable'); END;
"""
_SQLITE_DELETE = """
CREATE TRIGGER drafts_revision_no_delete
BEFORE DELETE ON drafts_revision
BEGIN SELECT RAISE(ABORT, 'drafts: revisions cannot be deleted'); END;
"""

_SQLITE_REVIEW = """
CREATE TRIGGER drafts_review_no_update
BEFORE UPDATE ON drafts_review
BEGIN SELECT RAISE(ABORT, 'drafts: review decisions are append-only'); END;
"""
_SQLITE_REVIEW_DELETE = """
CREATE TRIGGER drafts_review_no_delete
BEFORE DELETE ON drafts_review
BEGIN SELECT RAISE(ABORT, 'drafts: review decisions are append-only'); END;
"""

# REPLACE and INSERT OR REPLACE delete the row they collide with, which fires
# the delete guards only under PRAGMA recursive_triggers (set in settings);
# this refuses the collision itself, whatever the connection's pragmas.
_SQLITE_REPLACE = """
CREATE TRIGGER {table}_no_replace
BEFORE INSERT ON {table}
WHEN EXISTS (SELECT 1 FROM {table} WHERE {collides})
BEGIN SELECT RAISE(ABORT, 'drafts: {table} rows cannot be replaced'); END;
"""

_PG_REVIEW = """
CREATE OR REPLACE FUNCTION drafts_review_guard() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'drafts: review decisions are append-only';
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS drafts_review_guard ON drafts_review;
CREATE TRIGGER drafts_review_guard BEFORE UPDATE OR DELETE ON drafts_review
FOR EACH ROW EXECUTE FUNCTION drafts_review_guard();
"""

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION drafts_revision_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'drafts: revisions cannot be deleted';
  END IF;
  IF ({changed}) THEN
    RAISE EXCEPTION 'drafts: revisions are immutable';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""
_PG_TRIGGER = """
DROP TRIGGER IF EXISTS drafts_revision_guard ON drafts_revision;
CREATE TRIGGER drafts_revision_guard BEFORE UPDATE OR DELETE ON drafts_revision
FOR EACH ROW EXECUTE FUNCTION drafts_revision_guard();
"""

# Row triggers do not see TRUNCATE; a statement trigger does, including a
# TRUNCATE ... CASCADE that reaches the table from another one.
_PG_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION drafts_no_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'drafts: % is append-only and cannot be truncated', TG_TABLE_NAME;
END $$ LANGUAGE plpgsql;
"""
_PG_TRUNCATE = """
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION drafts_no_truncate();
"""


def _guarded_tables(reviews: bool) -> tuple[str, ...]:
    # Migration 0002 runs before drafts_review exists.
    if reviews:
        return APPEND_ONLY_TABLES
    return tuple(table for table in APPEND_ONLY_TABLES if table != "drafts_review")


def _sqlite_replace_guard(table: str, unique_keys: dict) -> str:
    keys = [("id",), *unique_keys.get(table, ())]
    collides = " OR ".join(
        "(" + " AND ".join(f"{column} = NEW.{column}" for column in key) + ")"
        for key in keys
    )
    return _SQLITE_REPLACE.format(table=table, collides=collides)


def _sqlite_statements(reviews: bool, history: bool, unique_keys: dict) -> list[str]:
    # Dropped and made again, so that a changed definition reaches a database
    # that already has the guard.
    made = [
        (
            "drafts_revision_no_update",
            _SQLITE_UPDATE.format(columns=", ".join(IMMUTABLE_COLUMNS)),
        ),
        ("drafts_revision_no_delete", _SQLITE_DELETE),
    ]
    if reviews:
        made += [
            ("drafts_review_no_update", _SQLITE_REVIEW),
            ("drafts_review_no_delete", _SQLITE_REVIEW_DELETE),
        ]
    if history:
        made += [
            (f"{table}_no_replace", _sqlite_replace_guard(table, unique_keys))
            for table in _guarded_tables(reviews)
        ]
    statements = []
    for name, create in made:
        statements += [f"DROP TRIGGER IF EXISTS {name};", create]
    return statements


def _postgresql_statements(reviews: bool, history: bool) -> list[str]:
    changed = " OR ".join(
        f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in IMMUTABLE_COLUMNS
    )
    statements = [_PG_FUNCTION.format(changed=changed), _PG_TRIGGER]
    if reviews:
        statements.append(_PG_REVIEW)
    if history:
        statements.append(_PG_TRUNCATE_FUNCTION)
        statements += [
            _PG_TRUNCATE.format(table=table) for table in _guarded_tables(reviews)
        ]
    return statements


def install_statements(
    vendor: str,
    *,
    reviews: bool = True,
    history: bool = True,
    unique_keys: dict = UNIQUE_KEYS,
) -> list[str]:
    """Return the SQL that installs the guards on *vendor*.

    By default every guard: a migration that remakes a table on SQLite drops
    its triggers, and installing again must bring all of them back. *history*
    adds the replace and truncate guards of migration 0005; the migrations
    before it leave them out, so that each installs what it did when written.
    """
    if vendor == "sqlite":
        return _sqlite_statements(reviews, history, unique_keys)
    if vendor == "postgresql":
        return _postgresql_statements(reviews, history)
    return []


def removal_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS drafts_revision_no_update;",
            "DROP TRIGGER IF EXISTS drafts_revision_no_delete;",
            "DROP TRIGGER IF EXISTS drafts_review_no_update;",
            "DROP TRIGGER IF EXISTS drafts_review_no_delete;",
            *[f"DROP TRIGGER IF EXISTS {t}_no_replace;" for t in APPEND_ONLY_TABLES],
        ]
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS drafts_revision_guard ON drafts_revision;",
            "DROP FUNCTION IF EXISTS drafts_revision_guard();",
            "DROP TRIGGER IF EXISTS drafts_review_guard ON drafts_review;",
            "DROP FUNCTION IF EXISTS drafts_review_guard();",
            *_truncate_guard_removal(),
            "DROP FUNCTION IF EXISTS drafts_no_truncate();",
        ]
    return []


def _truncate_guard_removal() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};"
        for table in APPEND_ONLY_TABLES
    ]


def install(connection, *, reviews: bool = True, history: bool = True) -> None:
    with connection.cursor() as cursor:
        keys = _existing_unique_keys(connection, cursor)
        for statement in install_statements(
            connection.vendor, reviews=reviews, history=history, unique_keys=keys
        ):
            cursor.execute(statement)


def _existing_unique_keys(connection, cursor) -> dict:
    """Return UNIQUE_KEYS without the keys whose columns do not exist yet.

    A migration runs today's install(); a key added by a later migration is
    guarded once that migration has run and installed the guards again.
    """
    if connection.vendor != "sqlite":
        return UNIQUE_KEYS
    tables = set(connection.introspection.table_names(cursor))
    keys = {}
    for table in tables.intersection(UNIQUE_KEYS):
        description = connection.introspection.get_table_description(cursor, table)
        columns = {column.name for column in description}
        keys[table] = tuple(k for k in UNIQUE_KEYS[table] if columns.issuperset(k))
    return keys


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in removal_statements(connection.vendor):
            cursor.execute(statement)


def allow_flush(connection) -> None:
    """Drop the guards that stop a test database from being flushed.

    SQLite flushes with DELETE, PostgreSQL with TRUNCATE.
    """
    if connection.vendor == "sqlite":
        statements = [
            "DROP TRIGGER IF EXISTS drafts_revision_no_delete;",
            "DROP TRIGGER IF EXISTS drafts_review_no_delete;",
        ]
    elif connection.vendor == "postgresql":
        statements = _truncate_guard_removal()
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
