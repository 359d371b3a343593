"""The add_revision and load_demo commands."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from drafts.models import Review, Revision, Speech
from tests import builders

TEXT = "同志们：\n今年的任务很重。"


def add_revision(*args, **options) -> str:
    out = StringIO()
    call_command("add_revision", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_add_revision_creates_speech_with_title_and_prints_number(tmp_path, editor):
    path = tmp_path / "讲话.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    out = add_revision(
        "new-talk", str(path), author="editor", title="新讲话", note="初稿"
    )
    assert out == "1"
    revision = Revision.objects.get()
    assert revision.speech.title == "新讲话"
    assert revision.source_encoding == "gb18030"
    assert revision.note == "初稿"


@pytest.mark.django_db
def test_add_revision_appends_on_latest_and_on_explicit_base(tmp_path, speech, editor):
    builders.revision(speech, editor, TEXT)
    path = tmp_path / "v2.txt"
    path.write_text(TEXT + "\n第二段。", encoding="utf-8")
    assert add_revision(speech.slug, str(path), author="editor") == "2"
    path.write_text(TEXT + "\n另一段。", encoding="utf-8")
    with pytest.raises(CommandError, match="第2版"):
        add_revision(speech.slug, str(path), author="editor", base=1)
    out = add_revision(
        speech.slug, str(path), author="editor", base=1, allow_stale_base=True
    )
    assert out == "3"
    assert Revision.objects.get(number=3).parent.number == 1


@pytest.mark.django_db
def test_add_revision_reads_docx(tmp_path, editor):
    path = tmp_path / "讲话.docx"
    path.write_bytes(builders.docx_bytes("第一段。", table=[["表格里的字"]]))
    add_revision("docx-talk", str(path), author="editor", title="文档")
    assert "表格里的字" in Revision.objects.get().text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setup,args,options,message",
    [
        ("none", ["ghost", "FILE"], {"author": "editor"}, "--title"),
        ("text", ["s", "FILE"], {"author": "nobody", "title": "x"}, "用户"),
        (
            "missing",
            ["s", "/no/such/file.txt"],
            {"author": "editor", "title": "x"},
            "无法读取",
        ),
        ("empty", ["s", "FILE"], {"author": "editor", "title": "x"}, "文本为空"),
        ("binary", ["s", "FILE"], {"author": "editor", "title": "x"}, "二进制"),
    ],
)
def test_add_revision_bad_input_exits_with_message(
    tmp_path, editor, setup, args, options, message
):
    path = tmp_path / "in.txt"
    path.write_bytes(
        {"empty": b"  \n", "binary": b"\x00\xff" * 30}.get(setup, TEXT.encode())
    )
    args = [str(path) if arg == "FILE" else arg for arg in args]
    with pytest.raises(CommandError, match=message):
        add_revision(*args, **options)
    assert not Revision.objects.exists()
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_add_revision_refuses_identical_text(tmp_path, speech, editor):
    builders.revision(speech, editor, TEXT)
    path = tmp_path / "same.txt"
    path.write_text("　　" + TEXT.replace("\n", "\r\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="与基准版本相同"):
        add_revision(speech.slug, str(path), author="editor")


@pytest.mark.django_db
def test_load_demo_builds_chains_and_is_idempotent(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "editor / " in out.getvalue()
    call_command("load_demo", stdout=StringIO())
    organization = Speech.objects.get(slug="organization-work")
    assert organization.revisions.count() == 6
    assert organization.revisions.get(number=1).text == builders.demo_text()
    assert Speech.objects.get(slug="safety-production").revisions.count() == 3
    authors = set(organization.revisions.values_list("author__username", flat=True))
    assert len(authors) >= 2
    decisions = list(
        Review.objects.filter(revision__speech=organization).values_list(
            "revision__number", "decision"
        )
    )
    assert decisions == [(4, "request_changes"), (6, "approve")]
    members = set(organization.members.values_list("username", flat=True))
    assert members == {"editor", "editor2", "reviewer", "approver"}


@pytest.mark.django_db
def test_load_demo_refuses_without_debug_and_creates_no_user():
    with pytest.raises(CommandError, match="DEBUG") as caught:
        call_command("load_demo", stdout=StringIO())
    assert "密码公开" in str(caught.value)
    assert not get_user_model().objects.exists()
    assert not Speech.objects.exists()
