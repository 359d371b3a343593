"""The archive format, drafts-archive version 1. Pure: names, fields, values
and the manifest, nothing from Django, so the format is read here in full.

An archive is a zip holding these members:

    manifest.json       written last; describes and checks everything else
    users.jsonl         one JSON object a line, by id: USER_FIELDS, then
                        "groups" (names) and "permissions" (natural keys)
    groups.jsonl        by name: "name" and "permissions"
    speeches.jsonl      SPEECH_FIELDS
    memberships.jsonl   MEMBERSHIP_FIELDS
    revisions.jsonl     REVISION_FIELDS: every field but the text and original
    texts/<id>.txt      each revision's text, UTF-8, exactly as stored
    originals/<id>      each uploaded original, byte for byte; absent when the
                        revision has none
    reviews.jsonl       REVIEW_FIELDS
    comments.jsonl      COMMENT_FIELDS

A foreign key is written under the field's name as the id it points at.
Datetimes are UTC with microseconds ("2026-03-01T08:00:00.000000Z"): ids and
times are restored exactly, because the review chain's hashes cover them.
A permission is [app_label, model, codename]. users.jsonl holds password
hashes, never passwords: a restored site lets people log in as before, and
the archive must be kept as confidential as the database.

The manifest holds "format" and "version", "created_at", "django", the
"migrations" applied per app, "counts" of rows and files, "verification" (the
history check at export: "ok" and its "mismatches"), and "members": the
SHA-256 of every other member.
"""

import hashlib
import json
import re
from datetime import UTC, datetime

FORMAT = "drafts-archive"
VERSION = 1
SUPPORTED_VERSIONS = (1,)

MANIFEST = "manifest.json"
USERS = "users.jsonl"
GROUPS = "groups.jsonl"
SPEECHES = "speeches.jsonl"
MEMBERSHIPS = "memberships.jsonl"
REVISIONS = "revisions.jsonl"
REVIEWS = "reviews.jsonl"
COMMENTS = "comments.jsonl"
TEXTS = "texts/"
ORIGINALS = "originals/"

ROW_MEMBERS = (USERS, GROUPS, SPEECHES, MEMBERSHIPS, REVISIONS, REVIEWS, COMMENTS)
_FILE_MEMBER = re.compile(r"texts/[0-9]+\.txt|originals/[0-9]+")

# The apps whose tables the archive holds rows of; their applied migrations
# are recorded, so that a database too old for the archive is refused.
APPS = ("auth", "contenttypes", "drafts")

USER_FIELDS = (
    "id",
    "username",
    "password",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
    "date_joined",
)
SPEECH_FIELDS = (
    "id",
    "slug",
    "title",
    "occasion",
    "description",
    "created_by",
    "created_at",
    "status",
    "revision_count",
    "latest_revision",
    "final_revision",
    "required_approvals",
)
# Set once the revisions they point at are in.
SPEECH_POINTERS = ("latest_revision", "final_revision")
MEMBERSHIP_FIELDS = ("id", "speech", "user", "added_by", "added_at")
REVISION_FIELDS = (
    "id",
    "speech",
    "number",
    "parent",
    "author",
    "created_at",
    "note",
    "source_kind",
    "source_name",
    "source_format",
    "source_encoding",
    "import_notices",
    "text_sha256",
    "char_count",
    "review_state",
)
REVIEW_FIELDS = (
    "id",
    "revision",
    "reviewer",
    "decision",
    "note",
    "content_sha256",
    "created_at",
    "previous_hash",
    "entry_hash",
)
COMMENT_FIELDS = (
    "id",
    "revision",
    "paragraph",
    "author",
    "text",
    "created_at",
    "is_resolved",
    "resolved_by",
    "resolved_at",
)

COUNT_KEYS = (
    "users",
    "groups",
    "speeches",
    "memberships",
    "revisions",
    "texts",
    "originals",
    "reviews",
    "comments",
)
# How the commands name the counts, in the order they are told.
COUNT_LABELS = (
    ("users", "个用户"),
    ("speeches", "篇讲稿"),
    ("memberships", "个成员关系"),
    ("revisions", "个版本"),
    ("originals", "份原始文件"),
    ("reviews", "条审核记录"),
    ("comments", "条批注"),
)

_INSTANT = "%Y-%m-%dT%H:%M:%S.%fZ"


class ArchiveError(Exception):
    """The archive cannot be written or restored; *message* says why, in
    Chinese, and *details* lists what was found, one line each."""

    def __init__(self, message: str, details: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.details = details


def text_member(revision_id: int) -> str:
    return f"{TEXTS}{revision_id}.txt"


def original_member(revision_id: int) -> str:
    return f"{ORIGINALS}{revision_id}"


def is_member_name(name: str) -> bool:
    """Whether *name* is a member this format has, besides the manifest."""
    return name in ROW_MEMBERS or bool(_FILE_MEMBER.fullmatch(name))


def summary(counts: dict[str, int]) -> str:
    """Return *counts* as the commands tell them: "5 个用户、2 篇讲稿…"."""
    return "、".join(f"{counts.get(key, 0)} {label}" for key, label in COUNT_LABELS)


def instant(moment: datetime | None) -> str | None:
    """Return *moment* as the archive writes it: UTC, with microseconds."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime(_INSTANT)


def parse_instant(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, _INSTANT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise ArchiveError(f"时间“{value}”不是归档格式的时间。") from None


def json_line(row: dict) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"


def manifest_bytes(**fields) -> bytes:
    """Return manifest.json holding *fields* after the format and version."""
    manifest = {"format": FORMAT, "version": VERSION, **fields}
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")


def manifest_parse(data: bytes) -> dict:
    """Return the manifest in *data*; ArchiveError if it is not one."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except ValueError:
        raise ArchiveError("manifest.json 不是有效的 JSON。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("这不是 Drafts 的归档：manifest.json 的格式名不符。")
    if manifest.get("version") not in SUPPORTED_VERSIONS:
        raise ArchiveError(
            f"归档格式版本 {manifest.get('version')!r} 不受支持"
            f"（本程序支持 {', '.join(map(str, SUPPORTED_VERSIONS))}）。"
        )
    for key, kind in (("members", str), ("counts", int), ("migrations", list)):
        if not _is_mapping_of(manifest.get(key), kind):
            raise ArchiveError(f"manifest.json 的 {key} 缺失或格式不对。")
    if set(manifest["counts"]) != set(COUNT_KEYS):
        raise ArchiveError("manifest.json 的 counts 与本格式的记录种类不符。")
    return manifest


def _is_mapping_of(value, kind) -> bool:
    return isinstance(value, dict) and all(
        isinstance(item, kind) for item in value.values()
    )


def sha256_of(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
