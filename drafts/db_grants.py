"""The PostgreSQL role the application runs as. It owns nothing, so it cannot
disable triggers, truncate or switch to the replica role; on append-only
tables it may only read and insert."""

import re

from django.db import transaction
from psycopg import sql

from drafts.db_guards import APPEND_ONLY_TABLES, UPDATABLE_COLUMNS

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
ROLE_ATTRIBUTES = sql.SQL(
    "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
)
# Written only by migrate, which runs as the owner.
READ_ONLY_TABLES = ("django_migrations",)
# What no grant may give the role on an append-only table.
_FORBIDDEN = ("DELETE", "TRUNCATE", "TRIGGER")


class GrantError(Exception):
    """The role cannot be given the application's privileges safely."""


class MissingPassword(GrantError):
    """A role is to be created without a password."""


def app_role_grant(connection, *, role: str, password: str | None) -> bool:
    """Create *role* if missing and give it exactly the application's privileges.

    Return whether the role was created. Safe to run again, and to be run
    again after every migrate so that new tables are granted too.
    """
    if not ROLE_NAME.fullmatch(role):
        raise GrantError(f"角色名“{role}”无效：只可用小写字母、数字和下划线。")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        exists = _checked_existing(cursor, role)
        if not exists and not password:
            raise MissingPassword(role)
        _set_attributes(connection, cursor, role, password, created=not exists)
        for statement in _grants(cursor, role):
            cursor.execute(statement.as_string(connection.connection))
        problems = _problems(connection, cursor, role)
        if problems:
            raise GrantError(f"角色“{role}”仍有越权：{'；'.join(problems)}")
    return not exists


def _checked_existing(cursor, role: str) -> bool:
    """Return whether *role* exists, refusing one that may own the history."""
    cursor.execute(
        "SELECT rolsuper, EXISTS (SELECT 1 FROM pg_class"
        " WHERE oid = ANY(%s::regclass[]) AND pg_has_role(rolname, relowner, 'MEMBER'))"
        " FROM pg_roles WHERE rolname = %s",
        [list(APPEND_ONLY_TABLES), role],
    )
    row = cursor.fetchone()
    if row and any(row):
        raise GrantError(
            f"角色“{role}”是超级用户或表的所有者（或其成员），不能作为应用角色。"
        )
    return row is not None


def _set_attributes(connection, cursor, role, password, *, created) -> None:
    verb = sql.SQL("CREATE ROLE" if created else "ALTER ROLE")
    statement = sql.SQL("{} {} {}").format(verb, sql.Identifier(role), ROLE_ATTRIBUTES)
    if password:
        # Hashed here, so the clear password is never in a statement the
        # server could log.
        hashed = connection.connection.pgconn.encrypt_password(
            password.encode(), role.encode()
        )
        statement += sql.SQL(" PASSWORD {}").format(sql.Literal(hashed.decode()))
    cursor.execute(statement.as_string(connection.connection))


# Privileges by kind of table; the updatable columns are granted apart.
_PRIVILEGES = {
    "ordinary": "SELECT, INSERT, UPDATE, DELETE",
    "append-only": "SELECT, INSERT",
    "read-only": "SELECT",
}


def _kind(table: str) -> str:
    if table in APPEND_ONLY_TABLES:
        return "append-only"
    if table in READ_ONLY_TABLES:
        return "read-only"
    return "ordinary"


def _grants(cursor, role: str) -> list[sql.Composable]:
    cursor.execute(
        "SELECT current_database(), current_schema(), array_agg(tablename::text)"
        " FROM pg_tables WHERE schemaname = current_schema()"
    )
    database, schema_name, tables = cursor.fetchone()
    missing = set(APPEND_ONLY_TABLES).difference(tables or [])
    if missing:
        raise GrantError(f"缺少表 {'、'.join(sorted(missing))}：请先运行 migrate。")
    to, schema = sql.Identifier(role), sql.Identifier(schema_name)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(database), to
        ),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, to),
        # From nothing, so a table that became append-only loses what it had.
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, to),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema, to),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            schema, to
        ),
    ]
    for kind, privileges in _PRIVILEGES.items():
        names = [sql.Identifier(table) for table in tables if _kind(table) == kind]
        if names:
            statements.append(
                sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(privileges), sql.SQL(", ").join(names), to
                )
            )
    for table, columns in UPDATABLE_COLUMNS.items():
        statements.append(
            sql.SQL("GRANT UPDATE ({}) ON TABLE {} TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.Identifier(table),
                to,
            )
        )
    return statements


_PROBLEMS = """
SELECT format('%%s 可 %%s', relname, privilege)
  FROM pg_class, unnest(%(forbidden)s::text[]) AS privilege
 WHERE oid = ANY(%(tables)s::regclass[])
   AND has_table_privilege(%(role)s, oid, privilege)
UNION ALL
SELECT format('%%s.%%s 可 UPDATE', attrelid::regclass, attname)
  FROM pg_attribute
 WHERE attrelid = ANY(%(tables)s::regclass[]) AND attnum > 0 AND NOT attisdropped
   AND has_column_privilege(%(role)s, attrelid, attnum, 'UPDATE')
   AND format('%%s.%%s', attrelid::regclass, attname) <> ALL(%(updatable)s::text[])
UNION ALL
SELECT format('是 %%s 的成员', relowner::regrole)
  FROM pg_class
 WHERE oid = ANY(%(tables)s::regclass[]) AND pg_has_role(%(role)s, relowner, 'MEMBER')
UNION ALL
SELECT '可在模式 ' || current_schema() || ' 中建对象'
 WHERE has_schema_privilege(%(role)s, current_schema(), 'CREATE')
"""
# PostgreSQL 15 lets a superuser grant the right to set this parameter.
_PROBLEMS_SINCE_15 = """
UNION ALL
SELECT '可设置 session_replication_role'
 WHERE has_parameter_privilege(%(role)s, 'session_replication_role', 'SET')
"""


def _problems(connection, cursor, role: str) -> list[str]:
    """Return what *role* may still do that would let it rewrite history."""
    query = _PROBLEMS
    if connection.pg_version >= 150000:
        query += _PROBLEMS_SINCE_15
    updatable = [
        f"{table}.{column}"
        for table, columns in UPDATABLE_COLUMNS.items()
        for column in columns
    ]
    cursor.execute(
        query,
        {
            "forbidden": list(_FORBIDDEN),
            "tables": list(APPEND_ONLY_TABLES),
            "role": role,
            "updatable": updatable,
        },
    )
    return sorted({row[0] for row in cursor.fetchall()})
