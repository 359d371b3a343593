"""DRAFTS_MAX_TEXT_CHARS holds for every way a revision's text arrives: paste,
.txt, .docx, the API, the command, and texts the services derive."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from drafts import services
from drafts.errors import InvalidInput
from drafts.models import Revision, Speech
from tests import builders
from tests.importers.builders import document_xml_with, replace_member

LIMIT = 100
FIRST = "同志们：\n今年的任务很重。"


def too_long(count: int, limit: int = LIMIT) -> str:
    return f"正文超过字数上限（{limit:,} 字），当前约 {count:,} 字，未保存。"


def docx_broken_past_the_limit() -> bytes:
    """A .docx of about 20 times LIMIT characters whose XML turns to garbage
    half way: refused as too long only if reading stops at the limit."""
    xml = document_xml_with(["字" * LIMIT] * 20)
    broken = xml[: len(xml) // 2] + b"<w:p><<&&garbage"
    return replace_member(builders.docx_bytes(), "word/document.xml", broken)


@pytest.fixture
def limited(settings):
    settings.DRAFTS_MAX_TEXT_CHARS = LIMIT


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def upload_url(speech) -> str:
    return reverse("drafts:revision_upload", args=[speech.slug])


def api_url(speech) -> str:
    return reverse("api_revision_list", args=[speech.slug])


def assert_api_too_long(response, count: int | None = None) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "too_long"
    assert body["error"].startswith(f"正文超过字数上限（{LIMIT:,} 字）")
    if count is not None:
        assert body["error"] == too_long(count)


@pytest.mark.django_db
def test_upload_page_refuses_long_paste_and_keeps_it_in_the_box(
    editor_client, speech, limited
):
    text = "字" * (LIMIT + 1)
    response = editor_client.post(upload_url(speech), {"text": text, "note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert too_long(LIMIT + 1) in page
    assert f"{text}</textarea>" in page
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_upload_page_measures_paste_once_browser_crlf_is_folded(
    editor_client, speech, limited
):
    text = "字\r\n" * (LIMIT // 2)  # 150 characters as sent, 100 as stored
    response = editor_client.post(upload_url(speech), {"text": text, "note": ""})
    assert response.status_code == 302
    assert Revision.objects.get().text == "字\n" * (LIMIT // 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("稿.txt", ("字\r\n" * 60).encode("gb18030"), too_long(LIMIT + 20)),
        ("稿.docx", builders.docx_bytes("字" * 60, "字" * 40), too_long(LIMIT + 1)),
        ("稿.docx", docx_broken_past_the_limit(), "正文超过字数上限（100 字）"),
    ],
)
def test_upload_page_refuses_long_files(
    editor_client, speech, limited, name, data, message
):
    upload = SimpleUploadedFile(name, data)
    response = editor_client.post(upload_url(speech), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_upload_page_refuses_500001_characters_at_the_default_limit(
    editor_client, speech
):
    demo = builders.demo_text()
    text = (demo * (500_001 // len(demo) + 1))[:500_001]
    response = editor_client.post(upload_url(speech), {"text": text, "note": ""})
    assert response.status_code == 400
    assert too_long(500_001, limit=500_000) in response.content.decode()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_refuses_long_json_text(api, speech, limited):
    response = api.post(api_url(speech), {"text": "字" * 150}, format="json")
    assert_api_too_long(response, 150)
    assert not Revision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("稿.txt", ("字" * 150).encode("utf-8")),
        ("稿.docx", docx_broken_past_the_limit()),
    ],
)
def test_api_refuses_long_multipart_files(api, speech, limited, name, data):
    upload = SimpleUploadedFile(name, data)
    response = api.post(api_url(speech), {"file": upload}, format="multipart")
    assert_api_too_long(response)
    assert not Revision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("稿.txt", ("字" * 150).encode("gb18030")),
        ("稿.docx", docx_broken_past_the_limit()),
    ],
)
def test_add_revision_refuses_long_file_and_creates_no_speech(
    tmp_path, editor, limited, name, data
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match="正文超过字数上限（100 字）"):
        call_command(
            "add_revision",
            "new-talk",
            str(path),
            author="editor",
            title="新讲话",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Speech.objects.exists()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_merge_whose_result_is_too_long_stores_nothing(
    api, speech, editor, editor2, settings
):
    builders.revision(speech, editor, FIRST)
    theirs = FIRST + "\n" + "甲" * 60
    builders.revision(speech, editor2, theirs)
    mine = "乙" * 60 + "\n" + FIRST
    settings.DRAFTS_MAX_TEXT_CHARS = LIMIT
    assert len(mine) <= LIMIT and len(theirs) <= LIMIT
    payload = {"text": mine, "parent": 1, "merge": True}
    response = api.post(api_url(speech), payload, format="json")
    assert_api_too_long(response, len(mine) + 61)
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_merge_page_refuses_long_paste_before_previewing(
    editor_client, speech, editor, editor2, limited
):
    builders.revision(speech, editor, FIRST)
    builders.revision(speech, editor2, FIRST + "\n第二段。")
    text = "字" * (LIMIT + 1)
    merge_url = reverse("drafts:revision_merge", args=[speech.slug])
    response = editor_client.post(merge_url, {"text": text, "base": "1"})
    assert response.status_code == 400
    assert too_long(LIMIT + 1) in response.content.decode()
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_revision_create_refuses_long_text_from_any_source(speech, editor, limited):
    incoming = services.IncomingText(
        text="字" * (LIMIT + 1), source_kind=Revision.SourceKind.PROOFREAD
    )
    with pytest.raises(InvalidInput) as caught:
        services.revision_create(speech=speech, author=editor, incoming=incoming)
    assert (caught.value.code, caught.value.message) == ("too_long", too_long(101))
    assert not Revision.objects.exists()
