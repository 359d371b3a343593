"""Database triggers that keep revisions immutable even against raw SQL.

The ORM refuses first (drafts.models); these catch whatever bypasses it.
"""

IMMUTABLE_COLUMNS = (
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
)

_SQLITE_UPDATE = """
CREATE TRIGGER IF NOT EXISTS drafts_revision_no_update
BEFORE UPDATE OF {columns} ON drafts_revision
BEGIN SELECT RAISE(ABORT, 'drafts: revisions are immutable'); END;
"""
_SQLITE_DELETE = """
CREATE TRIGGER IF NOT EXISTS drafts_revision_no_delete
BEFORE DELETE ON drafts_revision
BEGIN SELECT RAISE(ABORT, 'drafts: revisions cannot be deleted'); END;
"""

_SQLITE_REVIEW = """
CREATE TRIGGER IF NOT EXISTS drafts_review_no_update
BEFORE UPDATE ON drafts_review
BEGIN SELECT RAISE(ABORT, 'drafts: review decisions are append-only'); END;
"""
_SQLITE_REVIEW_DELETE = """
CREATE TRIGGER IF NOT EXISTS drafts_review_no_delete
BEFORE DELETE ON drafts_review
BEGIN SELECT RAISE(ABORT, 'drafts: review decisions are append-only'); END;
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


def install_statements(vendor: str, *, reviews: bool = True) -> list[str]:
    """Return the SQL that installs the guards on *vendor*."""
    if vendor == "sqlite":
        return [
            _SQLITE_UPDATE.format(columns=", ".join(IMMUTABLE_COLUMNS)),
            _SQLITE_DELETE,
            *([_SQLITE_REVIEW, _SQLITE_REVIEW_DELETE] if reviews else []),
        ]
    if vendor == "postgresql":
        changed = " OR ".join(
            f"NEW.{column} IS DISTINCT FROM OLD.{column}"
            for column in IMMUTABLE_COLUMNS
        )
        statements = [_PG_FUNCTION.format(changed=changed), _PG_TRIGGER]
        return statements + ([_PG_REVIEW] if reviews else [])
    return []


def removal_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS drafts_revision_no_update;",
            "DROP TRIGGER IF EXISTS drafts_revision_no_delete;",
            "DROP TRIGGER IF EXISTS drafts_review_no_update;",
            "DROP TRIGGER IF EXISTS drafts_review_no_delete;",
        ]
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS drafts_revision_guard ON drafts_revision;",
            "DROP FUNCTION IF EXISTS drafts_revision_guard();",
            "DROP TRIGGER IF EXISTS drafts_review_guard ON drafts_review;",
            "DROP FUNCTION IF EXISTS drafts_review_guard();",
        ]
    return []


def install(connection, *, reviews: bool = True) -> None:
    with connection.cursor() as cursor:
        for statement in install_statements(connection.vendor, reviews=reviews):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in removal_statements(connection.vendor):
            cursor.execute(statement)


def allow_flush(connection) -> None:
    """Drop the SQLite delete guard so a test database can be flushed.

    PostgreSQL flushes with TRUNCATE, which row triggers do not see.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS drafts_revision_no_delete;")
            cursor.execute("DROP TRIGGER IF EXISTS drafts_review_no_delete;")
