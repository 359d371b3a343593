"""Which database errors mean the database cannot be reached (an outage that
ends by itself, answered with 503) rather than a failure of one statement,
such as a lock or statement timeout, which stays a 500."""

import sqlite3

from django.db import OperationalError

# PostgreSQL SQLSTATEs besides class 08 (connection exceptions): the server
# shutting down or terminating the session, crashing, starting up or in
# recovery, and refusing more connections.
_POSTGRES_UNREACHABLE = {"57P01", "57P02", "57P03", "53300"}
# SQLite's analogue: the file cannot be opened or read (a missing directory,
# an unmounted volume). "database is locked" (SQLITE_BUSY) is not among them.
_SQLITE_UNREACHABLE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR}


def is_database_outage(error: BaseException | None) -> bool:
    """Return whether *error* says the database cannot be reached at all.

    psycopg 3 reports a refused, lost or timed-out connection as an
    OperationalError, with no SQLSTATE when the client itself saw it fail;
    its InterfaceError means misuse, such as a closed cursor, and stays a 500.
    """
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return cause.sqlite_errorcode & 0xFF in _SQLITE_UNREACHABLE
    if hasattr(cause, "sqlstate"):
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in _POSTGRES_UNREACHABLE
    return False
