"""Real parallel writers: numbering holds when uploads arrive at once."""

import threading

import pytest
from django.db import connection, connections

from drafts.models import Revision
from tests import builders

WRITERS = 8
UPLOADS_EACH = 6


def _upload_many(speech, author, writer: int, barrier, failures: list) -> None:
    try:
        barrier.wait()
        for upload in range(UPLOADS_EACH):
            builders.revision(
                speech, author, f"同志们：\n写入者{writer}的第{upload}次修改。"
            )
    except Exception as error:  # noqa: BLE001 - reported by the test
        failures.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_get_distinct_consecutive_numbers(editor):
    speech = builders.speech(editor)
    barrier = threading.Barrier(WRITERS)
    failures: list = []
    threads = [
        threading.Thread(
            target=_upload_many, args=(speech, editor, n, barrier, failures)
        )
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    numbers = sorted(speech.revisions.values_list("number", flat=True))
    assert numbers == list(range(1, WRITERS * UPLOADS_EACH + 1))
    speech.refresh_from_db()
    assert speech.revision_count == WRITERS * UPLOADS_EACH
    assert speech.latest_revision.number == WRITERS * UPLOADS_EACH
    parents = Revision.objects.exclude(parent=None).values_list(
        "parent__number", "number"
    )
    assert all(parent == number - 1 for parent, number in parents)


def test_sqlite_settings_make_writers_wait_instead_of_failing(settings):
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite transaction mode only matters on SQLite")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_database_under_test_matches_database_url():
    import os

    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected
