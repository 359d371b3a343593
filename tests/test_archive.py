"""Backup and restore: export_archive writes the whole history to one zip,
import_archive restores it exactly into an empty database, and refuses any
archive or database it could not restore exactly, storing nothing."""

import hashlib
import json
import stat
import struct
import tracemalloc
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from drafts import db_guards, roles, services
from drafts.archive import format as fmt
from drafts.archive.export import snapshot
from drafts.models import (
    Comment,
    Membership,
    Review,
    Revision,
    Speech,
    count_chars,
    text_sha256,
)
from tests import builders

MODELS = (Speech, Membership, Revision, Review, Comment)
DOCX = ("同志们：", "今年安排重点项目120个，总投资350亿元。", "谢谢大家！")
GB18030_TEXT = (
    "同志们：\n今年安排重点项目130个，总投资360亿元。\n䶮字也要留住。\n谢谢大家！"
)


@pytest.fixture
def history(demo):
    """The demo, with what it lacks: an uploaded .docx approved as final, a
    newer GB18030 .txt, a member added by someone, an open and a resolved
    comment, and an auditor holding a permission of their own."""
    users = {user.username: user for user in get_user_model().objects.all()}
    secretary = builders.user("secretary", builders.EDITORS)
    services.member_add(speech=demo, user=secretary, added_by=users["editor"])
    final = _final_upload(demo, users)
    newer = services.revision_create(
        speech=demo,
        author=secretary,
        incoming=services.incoming_from_file("三稿.txt", _gb18030()),
    )
    services.comment_add(
        revision=final, paragraph=1, author=users["reviewer"], text="数字再核实。"
    )
    resolved = services.comment_add(
        revision=newer, paragraph=2, author=users["editor"], text="生僻字请确认。"
    )
    services.comment_set_resolved(
        comment=resolved, user=users["editor2"], is_resolved=True
    )
    auditor = builders.user("auditor")
    auditor.user_permissions.add(Permission.objects.get(codename="view_all_speeches"))
    demo.refresh_from_db()
    return demo


def _gb18030() -> bytes:
    return GB18030_TEXT.encode("gb18030")


def _final_upload(speech, users) -> Revision:
    upload = services.revision_create(
        speech=speech,
        author=users["editor2"],
        incoming=services.incoming_from_file("二稿.docx", builders.docx_bytes(*DOCX)),
    )
    services.revision_submit(revision=upload, user=users["editor2"])
    services.review_record(
        revision=upload, reviewer=users["reviewer"], decision="approve"
    )
    services.review_record(
        revision=upload, reviewer=users["approver"], decision="final_approval"
    )
    return upload


def _snapshot() -> dict:
    """Return every row of every archived model, every field of each, and
    the users' groups and permissions and the groups' permissions."""
    user = get_user_model()
    rows = {
        model.__name__: [_plain(row) for row in model.objects.order_by("pk").values()]
        for model in (user, *MODELS)
    }
    rows["user groups"] = sorted(
        user.groups.through.objects.values_list("user_id", "group__name")
    )
    rows["user permissions"] = sorted(
        user.user_permissions.through.objects.values_list(
            "user_id", "permission__codename"
        )
    )
    rows["group permissions"] = sorted(
        Group.permissions.through.objects.values_list(
            "group__name", "permission__codename"
        )
    )
    return rows


def _plain(row: dict) -> dict:
    # PostgreSQL gives binary fields back as memoryview.
    return {
        key: bytes(value) if isinstance(value, memoryview) else value
        for key, value in row.items()
    }


def _export(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("export_archive", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _import(path, *args) -> str:
    out = StringIO()
    call_command("import_archive", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _refused(path, *args) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_archive", str(path), *args, stdout=StringIO(), stderr=err)
    return str(caught.value) + "\n" + err.getvalue()


def _empty_database() -> None:
    """Leave the database as a fresh migrate would: flushed the way the
    transactional tests are, then the role groups the migrations make."""
    # PostgreSQL refuses to truncate while foreign key checks are pending.
    connection.check_constraints()
    db_guards.allow_flush(connection)
    call_command("flush", interactive=False, verbosity=0)
    db_guards.install(connection)
    roles.grant_all(apps)


def _assert_nothing_stored() -> None:
    assert get_user_model().objects.count() == 0
    for model in MODELS:
        assert model.objects.count() == 0, model.__name__


def _manifest(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(fmt.MANIFEST))


def _rewritten(path, target, change) -> None:
    """Write *path* again with member *target* passed through *change*, the
    manifest kept: an archive edited after it was made."""
    with zipfile.ZipFile(path) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, change(data) if name == target else data)


def _forged(path, target, change) -> None:
    """Rewrite *target* through *change* and its hash in the manifest with
    it: an archive made by hand, consistent with its manifest."""
    with zipfile.ZipFile(path) as archive:
        changed = change(archive.read(target))
    manifest = _manifest(path)
    manifest["members"][target] = hashlib.sha256(changed).hexdigest()
    _rewritten(path, target, lambda data: changed)
    _rewritten(path, fmt.MANIFEST, lambda data: json.dumps(manifest).encode())


def _flip_stored_byte(path, target) -> None:
    """Flip one byte of *target*'s compressed data in the zip file itself."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(target)
    data = bytearray(path.read_bytes())
    name_length, extra_length = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _one_byte_changed(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    return bytes(changed)


# Round trip ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_archive_round_trip_restores_every_row_exactly(history, tmp_path):
    before = _snapshot()
    docx = history.final_revision
    assert docx.pk != history.latest_revision_id  # both pointers to restore
    path = tmp_path / "drafts.zip"
    _export(path)
    _empty_database()
    _assert_nothing_stored()

    done = _import(path)

    assert "已恢复" in done
    assert _snapshot() == before
    restored = Revision.objects.get(pk=docx.pk)
    assert bytes(restored.original_bytes) == bytes(docx.original_bytes)
    assert restored.source_format == "docx"
    gb18030 = Revision.objects.get(pk=history.latest_revision_id)
    assert bytes(gb18030.original_bytes) == _gb18030()
    assert gb18030.text == GB18030_TEXT
    out = StringIO()
    call_command("verify_history", stdout=out, stderr=StringIO())
    assert "均一致" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_archive_round_trip_keeps_the_site_working(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)
    _empty_database()
    _import(path)

    browser = Client()
    # The password hash came back: the demo password still signs in.
    signed_in = browser.post(
        "/accounts/login/", {"username": "editor", "password": "drafts-editor"}
    )
    assert signed_in.status_code == 302
    page = browser.get(history.get_absolute_url())
    assert page.status_code == 200
    assert history.title in page.content.decode()
    original = browser.get(
        f"/speeches/{history.slug}/revisions/{history.revision_count}/original/"
    )
    assert original.content == _gb18030()


@pytest.mark.django_db(transaction=True)
def test_archive_round_trip_resets_sequences_for_new_rows(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)
    highest = {model: model.objects.order_by("-pk").first().pk for model in MODELS}
    _empty_database()  # PostgreSQL's flush restarts every sequence at 1
    _import(path)

    editor = get_user_model().objects.get(username="editor")
    speech = builders.speech(editor, title="新讲话", slug="new-talk")
    revision = builders.revision(speech, editor, "同志们：\n新的一年。")
    newcomer = builders.user("newcomer")
    assert speech.pk > highest[Speech]
    assert revision.pk > highest[Revision]
    assert speech.memberships.get().pk > highest[Membership]
    assert newcomer.pk > max(
        get_user_model().objects.exclude(pk=newcomer.pk).values_list("pk", flat=True)
    )


# What the archive holds ----------------------------------------------------


def test_export_archive_lists_every_member_with_its_hash(history, tmp_path):
    path = tmp_path / "drafts.zip"
    out, err = _export(path)

    assert "已导出" in out and err == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds password hashes
    manifest = _manifest(path)
    assert (manifest["format"], manifest["version"]) == ("drafts-archive", 1)
    assert manifest["verification"] == {"ok": True, "mismatches": []}
    assert "0007_review_chain" in manifest["migrations"]["drafts"]
    assert manifest["counts"]["revisions"] == Revision.objects.count()
    assert manifest["counts"]["originals"] == 2
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist()) - {fmt.MANIFEST}
        assert names == set(manifest["members"])
        for name in names:
            digest = hashlib.sha256(archive.read(name)).hexdigest()
            assert manifest["members"][name] == digest, name
        latest = history.latest_revision
        text = archive.read(fmt.text_member(latest.pk)).decode("utf-8")
        assert text == latest.text
        assert archive.read(fmt.original_member(latest.pk)) == _gb18030()
        users = [json.loads(line) for line in archive.read(fmt.USERS).splitlines()]
    editor = next(user for user in users if user["username"] == "editor")
    assert editor["password"].startswith("md5$")  # the hash, never the password
    assert editor["groups"] == [roles.EDITORS]
    assert "归档完好：7 个用户、2 篇讲稿" in _import(path, "--check")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_export_reads_one_read_only_repeatable_read_snapshot():
    with snapshot(), connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        isolation = cursor.fetchone()[0]
        cursor.execute("SHOW transaction_read_only")
        read_only = cursor.fetchone()[0]
    assert (isolation, read_only) == ("repeatable read", "on")


def test_archive_format_covers_every_field():
    """A field added to a model must be archived, or the format bumped."""
    carried = {
        Speech: fmt.SPEECH_FIELDS,
        Membership: fmt.MEMBERSHIP_FIELDS,
        Revision: (*fmt.REVISION_FIELDS, "text", "original_bytes"),
        Review: fmt.REVIEW_FIELDS,
        Comment: fmt.COMMENT_FIELDS,
    }
    for model, names in carried.items():
        fields = {field.name for field in model._meta.concrete_fields}
        assert fields == set(names), model.__name__


def test_export_of_a_tampered_history_warns_and_records_it(history, tmp_path):
    first = history.revisions.get(number=1)
    _tamper("UPDATE drafts_revision SET text = text || '。' WHERE id = %s", first.pk)
    path = tmp_path / "drafts.zip"

    out, err = _export(path)

    assert "警告：历史校验未通过" in err
    assert "organization-work 第1版：正文与 SHA-256 不符" in err
    verification = _manifest(path)["verification"]
    assert verification["ok"] is False
    assert "organization-work 第1版：正文与 SHA-256 不符" in verification["mismatches"]
    with zipfile.ZipFile(path) as archive:
        exported = archive.read(fmt.text_member(first.pk)).decode("utf-8")
    assert exported == first.text + "。"  # a backup of tampered data, as it is
    err = StringIO()
    call_command("import_archive", str(path), "--check", stdout=StringIO(), stderr=err)
    assert "警告：导出时历史校验未通过" in err.getvalue()


def _tamper(sql: str, *params) -> None:
    db_guards.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    db_guards.install(connection)


# Refusals --------------------------------------------------------------------


def test_import_refuses_a_database_that_is_not_empty(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)
    before = _snapshot()

    refusal = _refused(path)

    assert "数据库不是空的" in refusal
    assert _snapshot() == before


def test_import_refuses_users_that_would_collide(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)
    _empty_database()
    builders.user("reviewer")

    refusal = _refused(path)

    assert "用户编号或用户名相同" in refusal
    assert "reviewer" in refusal
    assert Speech.objects.count() == 0


@pytest.mark.parametrize("damage", ["edited", "corrupted"])
def test_import_refuses_an_archive_with_one_byte_changed(history, tmp_path, damage):
    path = tmp_path / "drafts.zip"
    _export(path)
    target = fmt.text_member(history.revisions.get(number=3).pk)
    if damage == "edited":
        _rewritten(path, target, _one_byte_changed)
    else:
        _flip_stored_byte(path, target)
    _empty_database()

    assert target in _refused(path, "--check")
    refusal = _refused(path)

    assert target in refusal
    _assert_nothing_stored()


@pytest.mark.parametrize(
    ("member", "change", "expected"),
    [
        (fmt.MANIFEST, lambda m: {**m, "version": 2}, "归档格式版本 2 不受支持"),
        (fmt.MANIFEST, lambda m: {**m, "format": "other"}, "不是 Drafts 的归档"),
        (
            fmt.MANIFEST,
            lambda m: {**m, "migrations": {"drafts": ["9999_future"]}},
            "drafts.9999_future",
        ),
        (
            fmt.MANIFEST,
            lambda m: {**m, "members": {**m["members"], "extra.txt": "0" * 64}},
            "缺少清单列出的成员：extra.txt",
        ),
        (
            fmt.MANIFEST,
            lambda m: {**m, "counts": {**m["counts"], "reviews": 1}},
            "清单记录 reviews 为 1，实有",
        ),
    ],
    ids=["version", "format", "migration", "missing-member", "counts"],
)
def test_import_refuses_an_archive_its_manifest_does_not_describe(
    history, tmp_path, member, change, expected
):
    path = tmp_path / "drafts.zip"
    _export(path)

    def edit(data: bytes) -> bytes:
        return json.dumps(change(json.loads(data))).encode("utf-8")

    _rewritten(path, member, edit)
    _empty_database()

    assert expected in _refused(path)
    _assert_nothing_stored()


def test_import_refuses_a_member_the_manifest_does_not_list(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("originals/999", b"planted")
    _empty_database()

    assert "有清单未列出的成员：originals/999" in _refused(path)
    _assert_nothing_stored()


def test_import_refuses_rows_that_refer_to_nothing(history, tmp_path):
    path = tmp_path / "drafts.zip"
    _export(path)

    def stray(data: bytes) -> bytes:
        rows = [json.loads(line) for line in data.splitlines()]
        rows[-1]["user"] = 9999
        return b"".join(fmt.json_line(row) for row in rows)

    _forged(path, fmt.MEMBERSHIPS, stray)
    _empty_database()

    assert "归档中的记录互相引用不上" in _refused(path)
    _assert_nothing_stored()


def test_import_rolls_back_a_history_that_fails_verification(history, tmp_path):
    approval = Review.objects.filter(revision__speech=history).order_by("pk")[1]
    _tamper("UPDATE drafts_review SET note = '补签' WHERE id = %s", approval.pk)
    path = tmp_path / "drafts.zip"
    _export(path)
    _empty_database()

    refusal = _refused(path)

    assert "恢复后的历史校验未通过" in refusal
    assert f"审核记录 #{approval.pk}" in refusal
    _assert_nothing_stored()


# Streaming -------------------------------------------------------------------


def test_export_holds_only_a_few_revisions_in_memory(speech, editor, tmp_path):
    count = 800
    _stored_revisions(speech, editor, count, chars=10_000)
    texts = Revision.objects.values_list("text", flat=True)
    total = sum(len(text.encode("utf-8")) for text in texts.iterator())
    path = tmp_path / "drafts.zip"

    tracemalloc.start()
    try:
        _export(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert _manifest(path)["counts"]["texts"] == count
    assert peak < total / 5, f"peak {peak:,} bytes for {total:,} bytes of text"


def _stored_revisions(speech, author, count: int, *, chars: int) -> None:
    """Store *count* long revisions of *speech* at once, as plain inserts:
    the revision service would take most of the test's time."""
    sentence = "各级党组织要把学习贯彻落实工作抓紧抓实抓出成效。"
    body = sentence * (chars // len(sentence))
    texts = [f"第{number}稿\n{body}" for number in range(1, count + 1)]
    Revision.objects.bulk_create(
        Revision(
            speech=speech,
            number=number,
            author=author,
            text=text,
            text_sha256=text_sha256(text),
            char_count=count_chars(text),
        )
        for number, text in enumerate(texts, 1)
    )
