"""Restoring an archive into an empty database. Every member is checked
against the manifest before anything is written; rows go in with the ids and
times they were exported with, in one transaction that ends with
verify_history's check and is rolled back whole if anything fails."""

import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import DateTimeField, Q

from drafts.archive import format as fmt
from drafts.archive.format import ArchiveError
from drafts.history import history_mismatches
from drafts.models import (
    Comment,
    Membership,
    Review,
    Revision,
    Speech,
    workflow_writes,
)

READ_CHUNK = 64 * 1024

# What makes a database not empty, whatever its users.
OCCUPYING = (
    (Speech, "讲稿"),
    (Membership, "讲稿成员"),
    (Revision, "版本"),
    (Review, "审核记录"),
    (Comment, "批注"),
)


@dataclass(frozen=True)
class RestoreResult:
    counts: dict[str, int]
    manifest: dict


def archive_check(path) -> dict:
    """Return the manifest of the archive at *path* once every member matches
    it; ArchiveError naming the first that does not. Reads no database."""
    with _opened(path) as archive:
        return _checked_manifest(archive)


def archive_import(path) -> RestoreResult:
    """Restore the archive at *path* into this empty database, exactly."""
    with _opened(path) as archive:
        manifest = _checked_manifest(archive)
        _check_migrations(manifest)
        members = set(manifest["members"])
        with transaction.atomic():
            _refuse_occupied(archive)
            counts = _restore(archive, members)
            _check_counts(manifest, counts, members)
            _check_references()
            _reset_sequences()
            _check_history()
    return RestoreResult(counts, manifest)


def _opened(path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except OSError as error:
        raise ArchiveError(f"无法读取归档 {path}：{error.strerror}") from error
    except zipfile.BadZipFile as error:
        raise ArchiveError(f"{path} 不是有效的 zip 归档。") from error


# Checking the archive ----------------------------------------------------


def _checked_manifest(archive: zipfile.ZipFile) -> dict:
    names = archive.namelist()
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        raise ArchiveError(f"归档中有重复的成员：{'、'.join(repeated)}。")
    if fmt.MANIFEST not in names:
        raise ArchiveError("归档缺少 manifest.json：不是 Drafts 的归档，或已不完整。")
    manifest = fmt.manifest_parse(_read(archive, fmt.MANIFEST))
    listed = manifest["members"]
    present = set(names) - {fmt.MANIFEST}
    _refuse_listing(sorted(present - set(listed)), "有清单未列出的成员")
    _refuse_listing(sorted(set(listed) - present), "缺少清单列出的成员")
    foreign = sorted(name for name in present if not fmt.is_member_name(name))
    _refuse_listing(foreign, "有本格式没有的成员")
    for name in names:
        if name in listed and fmt.sha256_of(_chunks(archive, name)) != listed[name]:
            raise ArchiveError(
                f"归档已损坏或被改动：成员 {name} 的 SHA-256 与清单不符。"
            )
    return manifest


def _refuse_listing(names: list[str], problem: str) -> None:
    if names:
        shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        raise ArchiveError(f"归档{problem}：{shown}。")


def _check_migrations(manifest: dict) -> None:
    applied = MigrationRecorder(connection).applied_migrations()
    missing = tuple(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in applied
    )
    if missing:
        raise ArchiveError(
            "归档由较新的程序写出，或数据库尚未迁移：数据库缺少下列迁移。"
            "请先升级程序并运行 migrate，再导入。",
            missing,
        )


def _refuse_occupied(archive) -> None:
    held = [label for model, label in OCCUPYING if model.objects.exists()]
    if held:
        raise ArchiveError(
            f"数据库不是空的：已有{'、'.join(held)}。只能恢复到空数据库"
            "（新建数据库并运行 migrate 后再导入）。"
        )
    ids, usernames = set(), set()
    for row in _rows(archive, fmt.USERS):
        ids.add(row.get("id"))
        usernames.add(row.get("username"))
    clashes = get_user_model().objects.filter(Q(pk__in=ids) | Q(username__in=usernames))
    names = tuple(clashes.order_by("pk").values_list("username", flat=True))
    if names:
        raise ArchiveError(
            f"数据库中已有 {len(names)} 个用户与归档中的用户编号或用户名相同，"
            "不能恢复：",
            names,
        )


def _check_counts(manifest: dict, counts: dict, members: set[str]) -> None:
    files = {
        "texts": sum(name.startswith(fmt.TEXTS) for name in members),
        "originals": sum(name.startswith(fmt.ORIGINALS) for name in members),
    }
    for key in fmt.COUNT_KEYS:
        expected, found = manifest["counts"][key], counts[key]
        if found == expected:
            found = files.get(key, found)
        if found != expected:
            raise ArchiveError(
                f"归档内容与清单不符：清单记录 {key} 为 {expected}，实有 {found}。"
            )


def _check_references() -> None:
    # Now rather than at commit, so that the error can say what it is.
    try:
        connection.check_constraints()
    except IntegrityError as error:
        raise ArchiveError(
            "归档中的记录互相引用不上（例如版本所属的讲稿不存在），已全部撤销：",
            (str(error),),
        ) from error


def _check_history() -> None:
    mismatches = tuple(str(mismatch) for mismatch in history_mismatches())
    if mismatches:
        raise ArchiveError(
            f"恢复后的历史校验未通过（{len(mismatches)} 处），已全部撤销，"
            "数据库未作任何改动：",
            mismatches,
        )


# Reading members ---------------------------------------------------------


def _chunks(archive, name: str):
    try:
        with archive.open(name) as member:
            while chunk := member.read(READ_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ArchiveError(f"归档已损坏：成员 {name} 无法读出。") from error


def _read(archive, name: str) -> bytes:
    return b"".join(_chunks(archive, name))


def _rows(archive, name: str):
    """Yield the objects of the JSON lines member *name*, one at a time."""
    try:
        with archive.open(name) as member:
            for number, line in enumerate(member, 1):
                yield _row(line, name, number)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ArchiveError(f"归档已损坏：成员 {name} 无法读出。") from error


def _row(line: bytes, name: str, number: int) -> dict:
    try:
        row = json.loads(line)
    except ValueError:
        row = None
    if not isinstance(row, dict):
        raise ArchiveError(f"{name} 第{number}行不是一个 JSON 对象。")
    return row


def _require(row: dict, names, member: str) -> None:
    for name in names:
        if name not in row:
            raise ArchiveError(f"{member} 中编号 {row.get('id')} 的记录缺少 {name}。")


def _instance(model, row: dict, names, member: str):
    """Return an unsaved *model* holding *row*'s values exactly."""
    _require(row, names, member)
    values = {}
    for name in names:
        field = model._meta.get_field(name)
        value = row[name]
        if isinstance(field, DateTimeField):
            value = fmt.parse_instant(value)
        values[field.attname] = value
    return model(**values)


def _insert(instance) -> None:
    # As loaddata saves: exactly the values given (no auto_now_add), by a
    # plain INSERT; the triggers refuse only rewrites of existing rows.
    instance.save_base(raw=True, force_insert=True)


# Writing rows ------------------------------------------------------------


def _restore(archive, members: set[str]) -> dict[str, int]:
    permissions = _permission_ids()
    groups = _restore_groups(archive, permissions)
    counts = {
        "users": _restore_users(archive, groups, permissions),
        "groups": len(groups),
    }
    counts["speeches"], pointers = _restore_speeches(archive)
    counts["memberships"] = _restore_rows(
        archive, fmt.MEMBERSHIPS, Membership, fmt.MEMBERSHIP_FIELDS
    )
    counts["revisions"], counts["originals"] = _restore_revisions(archive, members)
    counts["texts"] = counts["revisions"]
    _point_speeches(pointers)
    counts["reviews"] = _restore_rows(archive, fmt.REVIEWS, Review, fmt.REVIEW_FIELDS)
    counts["comments"] = _restore_rows(
        archive, fmt.COMMENTS, Comment, fmt.COMMENT_FIELDS
    )
    return counts


def _permission_ids() -> dict[tuple[str, str, str], int]:
    rows = Permission.objects.values_list(
        "content_type__app_label", "content_type__model", "codename", "pk"
    )
    return {(app, model, codename): pk for app, model, codename, pk in rows}


def _chosen_permissions(natural_keys, permissions) -> list[int]:
    chosen = []
    for key in natural_keys:
        pk = permissions.get(tuple(key))
        if pk is None:
            raise ArchiveError(f"数据库中没有归档所需的权限：{'.'.join(key)}。")
        chosen.append(pk)
    return chosen


def _restore_groups(archive, permissions) -> dict[str, Group]:
    groups = {}
    for row in _rows(archive, fmt.GROUPS):
        _require(row, ("name", "permissions"), fmt.GROUPS)
        # The role groups exist already, made by the migrations.
        group, _ = Group.objects.get_or_create(name=row["name"])
        group.permissions.set(_chosen_permissions(row["permissions"], permissions))
        groups[group.name] = group
    return groups


def _restore_users(archive, groups, permissions) -> int:
    count = 0
    for row in _rows(archive, fmt.USERS):
        user = _instance(get_user_model(), row, fmt.USER_FIELDS, fmt.USERS)
        _require(row, ("groups", "permissions"), fmt.USERS)
        _insert(user)
        unknown = sorted(set(row["groups"]) - set(groups))
        if unknown:
            raise ArchiveError(f"{fmt.USERS} 中的用户组不在 {fmt.GROUPS} 中：{unknown}")
        user.groups.set([groups[name] for name in row["groups"]])
        user.user_permissions.set(_chosen_permissions(row["permissions"], permissions))
        count += 1
    return count


def _restore_speeches(archive) -> tuple[int, dict[int, tuple]]:
    """Insert the speeches without their latest and final revisions, which
    do not exist yet; return them, to be set once they do."""
    pointers = {}
    for row in _rows(archive, fmt.SPEECHES):
        speech = _instance(Speech, row, fmt.SPEECH_FIELDS, fmt.SPEECHES)
        pointers[speech.pk] = (speech.latest_revision_id, speech.final_revision_id)
        speech.latest_revision_id = speech.final_revision_id = None
        _insert(speech)
    return len(pointers), pointers


def _point_speeches(pointers: dict[int, tuple]) -> None:
    with workflow_writes():
        for pk, (latest, final) in pointers.items():
            if latest is not None or final is not None:
                Speech.objects.filter(pk=pk).update(
                    latest_revision_id=latest, final_revision_id=final
                )


def _restore_rows(archive, member: str, model, names) -> int:
    count = 0
    for row in _rows(archive, member):
        _insert(_instance(model, row, names, member))
        count += 1
    return count


def _restore_revisions(archive, members: set[str]) -> tuple[int, int]:
    revisions = originals = 0
    for row in _rows(archive, fmt.REVISIONS):
        revision = _instance(Revision, row, fmt.REVISION_FIELDS, fmt.REVISIONS)
        revision.text = _text(archive, revision.pk, members)
        original = fmt.original_member(revision.pk)
        if original in members:
            revision.original_bytes = _read(archive, original)
            originals += 1
        _insert(revision)
        revisions += 1
    return revisions, originals


def _text(archive, revision_id: int, members: set[str]) -> str:
    name = fmt.text_member(revision_id)
    if name not in members:
        raise ArchiveError(f"归档缺少版本 #{revision_id} 的正文 {name}。")
    try:
        return _read(archive, name).decode("utf-8")
    except UnicodeDecodeError:
        raise ArchiveError(f"{name} 不是 UTF-8 文本。") from None


def _reset_sequences() -> None:
    # Rows went in with their own ids; the next new row must not reuse one.
    models = [get_user_model(), Speech, Membership, Revision, Review, Comment]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
