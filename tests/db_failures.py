"""Real database failures for tests, made by the drivers themselves: a
PostgreSQL that refuses connections, a SQLite file that cannot be opened, a
SQLite database locked by another connection."""

import socket
import tempfile
from pathlib import Path


def connect_to_absent_postgresql() -> None:
    """Raise the OperationalError of a PostgreSQL that is not running."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database_wrapper(
        "postgresql", NAME="drafts", HOST="127.0.0.1", PORT=str(port)
    ).ensure_connection()


def open_missing_sqlite_file() -> None:
    """Raise the OperationalError of a SQLite file on a volume that is gone."""
    database_wrapper(
        "sqlite3", NAME="/nonexistent/volume/db.sqlite3"
    ).ensure_connection()


def write_to_locked_sqlite() -> None:
    """Raise the OperationalError of a SQLite database locked by a writer."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "locked.sqlite3"
        holder = database_wrapper("sqlite3", NAME=str(path), OPTIONS={"timeout": 0})
        waiter = database_wrapper("sqlite3", NAME=str(path), OPTIONS={"timeout": 0})
        try:
            holder.cursor().execute("BEGIN IMMEDIATE")
            waiter.cursor().execute("BEGIN IMMEDIATE")
        finally:
            holder.close()
            waiter.close()


def database_wrapper(engine: str, **overrides):
    from django.db import connections
    from django.utils.module_loading import import_string

    wrapper_class = import_string(f"django.db.backends.{engine}.base.DatabaseWrapper")
    settings_dict = {
        **connections.settings["default"],
        "ENGINE": f"django.db.backends.{engine}",
        "OPTIONS": {},
        "CONN_HEALTH_CHECKS": False,
        **overrides,
    }
    return wrapper_class(settings_dict, alias="failure")
