"""Writing an archive: one consistent snapshot of every user, speech, member,
revision, decision and comment, streamed into the zip one member at a time,
so that no more than a few revisions are ever held in memory."""

import hashlib
import os
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from drafts.archive import format as fmt
from drafts.history import history_mismatches
from drafts.models import Comment, Membership, Review, Revision, Speech

# Rows fetched at once: metadata is small, texts and originals are not.
ROW_CHUNK = 500
TEXT_CHUNK = 8


@dataclass(frozen=True)
class ExportResult:
    path: Path
    counts: dict[str, int]
    mismatches: tuple[str, ...]  # the history check at export; empty: passed


def archive_export(path) -> ExportResult:
    """Write the whole database's history to the zip at *path*.

    A history that fails verification is exported as it is, the failure
    recorded in the manifest: a backup of tampered data is still a backup.
    """
    path = Path(path)
    with snapshot():
        mismatches = tuple(str(mismatch) for mismatch in history_mismatches())
        with _replacing(path) as handle:
            counts = _write(handle, mismatches)
    return ExportResult(path, counts, mismatches)


@contextmanager
def snapshot():
    """Read everything inside in one transaction: on PostgreSQL a read-only
    REPEATABLE READ one, as pg_dump takes, when this opens it. On SQLite the
    transaction holds the write lock, so writers wait until the export ends."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


@contextmanager
def _replacing(path: Path):
    """Yield a file beside *path* that replaces it once written whole.

    Made readable by its owner only: the archive holds password hashes.
    """
    handle = tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


def _write(handle, mismatches: tuple[str, ...]) -> dict[str, int]:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        members = _Members(archive)
        counts = {
            "users": members.lines(fmt.USERS, _users()),
            "groups": members.lines(fmt.GROUPS, _groups()),
            "speeches": members.lines(fmt.SPEECHES, _rows(Speech, fmt.SPEECH_FIELDS)),
            "memberships": members.lines(
                fmt.MEMBERSHIPS, _rows(Membership, fmt.MEMBERSHIP_FIELDS)
            ),
            "revisions": members.lines(fmt.REVISIONS, _revisions()),
            "texts": members.texts(),
            "originals": members.originals(),
            "reviews": members.lines(fmt.REVIEWS, _rows(Review, fmt.REVIEW_FIELDS)),
            "comments": members.lines(fmt.COMMENTS, _rows(Comment, fmt.COMMENT_FIELDS)),
        }
        manifest = fmt.manifest_bytes(
            created_at=fmt.instant(timezone.now()),
            django=django.get_version(),
            database=connection.vendor,
            migrations=_migrations(),
            counts=counts,
            verification={"ok": not mismatches, "mismatches": list(mismatches)},
            members=members.hashes,
        )
        archive.writestr(members.info(fmt.MANIFEST), manifest)
    return counts


class _Members:
    """Write members one at a time, keeping the SHA-256 of each."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.hashes: dict[str, str] = {}
        self.date_time = timezone.localtime().timetuple()[:6]

    def info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def write(self, name: str, chunks) -> None:
        digest = hashlib.sha256()
        with self.archive.open(self.info(name), "w") as member:
            for chunk in chunks:
                digest.update(chunk)
                member.write(chunk)
        self.hashes[name] = digest.hexdigest()

    def lines(self, name: str, rows) -> int:
        count = 0

        def encoded():
            nonlocal count
            for row in rows:
                count += 1
                yield fmt.json_line(row)

        self.write(name, encoded())
        return count

    def texts(self) -> int:
        revisions = Revision.objects.order_by("pk").only("pk", "text")
        count = 0
        for revision in revisions.iterator(chunk_size=TEXT_CHUNK):
            self.write(fmt.text_member(revision.pk), [revision.text.encode("utf-8")])
            count += 1
        return count

    def originals(self) -> int:
        revisions = (
            Revision.objects.filter(original_bytes__isnull=False)
            .order_by("pk")
            .only("pk", "original_bytes")
        )
        count = 0
        for revision in revisions.iterator(chunk_size=TEXT_CHUNK):
            self.write(
                fmt.original_member(revision.pk), [bytes(revision.original_bytes)]
            )
            count += 1
        return count


def _row(instance, names) -> dict:
    meta = instance._meta
    return {
        name: _value(getattr(instance, meta.get_field(name).attname)) for name in names
    }


def _value(value):
    if isinstance(value, datetime):
        return fmt.instant(value)
    return value


def _rows(model, names):
    for instance in model.objects.order_by("pk").iterator(chunk_size=ROW_CHUNK):
        yield _row(instance, names)


def _revisions():
    # The text and original go to members of their own.
    revisions = Revision.objects.order_by("pk").defer("text", "original_bytes")
    for revision in revisions.iterator(chunk_size=ROW_CHUNK):
        yield _row(revision, fmt.REVISION_FIELDS)


def _natural(permission) -> list[str]:
    content_type = permission.content_type
    return [content_type.app_label, content_type.model, permission.codename]


def _users():
    users = get_user_model().objects.order_by("pk")
    users = users.prefetch_related("groups", "user_permissions__content_type")
    for user in users.iterator(chunk_size=ROW_CHUNK):
        row = _row(user, fmt.USER_FIELDS)
        row["groups"] = sorted(group.name for group in user.groups.all())
        row["permissions"] = sorted(map(_natural, user.user_permissions.all()))
        yield row


def _groups():
    groups = Group.objects.order_by("name")
    groups = groups.prefetch_related("permissions__content_type")
    for group in groups.iterator(chunk_size=ROW_CHUNK):
        permissions = sorted(map(_natural, group.permissions.all()))
        yield {"name": group.name, "permissions": permissions}


def _migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        app: sorted(name for label, name in applied if label == app) for app in fmt.APPS
    }
