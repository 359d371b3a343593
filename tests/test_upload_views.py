"""The upload page, the pages around it, and every bad input in the browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drafts.importers.zipguard import RATIO_MESSAGE
from drafts.models import Revision, Speech
from tests import builders
from tests.importers.builders import W_NS, docx_with_body_xml

TEXT = "市办公室会议讲话稿\n同志们：\n这次全市组织工作会议很重要。"


def upload_url(speech):
    return reverse("drafts:revision_upload", kwargs={"slug": speech.slug})


def post_text(client, speech, text, **extra):
    return client.post(upload_url(speech), {"text": text, "note": "", **extra})


def post_file(client, speech, name, data, **extra):
    upload = SimpleUploadedFile(name, data)
    return client.post(upload_url(speech), {"file": upload, **extra})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/speeches/new/",
        "/speeches/organization-work/",
        "/speeches/organization-work/upload/",
        "/speeches/organization-work/revisions/1/",
    ],
)
def test_pages_require_login(client, speech, editor, url):
    builders.revision(speech, editor, TEXT)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_upload_page_stores_pasted_text_and_shows_it(editor_client, speech):
    response = post_text(editor_client, speech, TEXT, note="初稿")
    revision = Revision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == revision.get_absolute_url()
    page = editor_client.get(revision.get_absolute_url()).content.decode()
    assert "这次全市组织工作会议很重要。" in page
    assert "已保存为第1版" in page


@pytest.mark.django_db
def test_upload_page_defaults_base_to_latest(editor_client, speech, editor):
    builders.revision(speech, editor, TEXT)
    page = editor_client.get(upload_url(speech)).content.decode()
    assert '<option value="1" selected>第1版</option>' in page


@pytest.mark.django_db
def test_upload_page_stores_gb18030_file_and_encoding(editor_client, speech):
    response = post_file(editor_client, speech, "讲话稿.txt", TEXT.encode("gb18030"))
    revision = Revision.objects.get()
    assert response.status_code == 302
    assert revision.text == TEXT
    assert revision.source_encoding == "gb18030"
    assert bytes(revision.original_bytes) == TEXT.encode("gb18030")
    page = editor_client.get(revision.get_absolute_url()).content.decode()
    assert "gb18030" in page
    assert "讲话稿.txt" in page


@pytest.mark.django_db
def test_upload_page_stores_utf16_file(editor_client, speech):
    data = TEXT.replace("\n", "\r\n").encode("utf-16")
    post_file(editor_client, speech, "draft.txt", data)
    revision = Revision.objects.get()
    assert revision.text == TEXT
    assert revision.source_encoding.startswith("utf-16")


@pytest.mark.django_db
def test_upload_page_reads_docx_with_table(editor_client, speech):
    data = builders.docx_bytes(
        "同志们：", "今天开会。", table=[["项目", "数量"], ["隐患", "57项"]]
    )
    post_file(editor_client, speech, "讲话.docx", data)
    revision = Revision.objects.get()
    assert "今天开会。" in revision.text
    assert "57项" in revision.text
    assert revision.source_format == "docx"


@pytest.mark.django_db
def test_original_file_downloads_with_safe_name(editor_client, speech):
    data = TEXT.encode("gb18030")
    post_file(editor_client, speech, '讲话"定稿".txt', data)
    revision = Revision.objects.get()
    response = editor_client.get(
        reverse("drafts:revision_original", kwargs={"slug": speech.slug, "number": 1})
    )
    assert response.content == data
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert "filename*=UTF-8''" in disposition
    assert revision.source_name


def zip_bomb() -> bytes:
    """A valid Word document whose body inflates a thousandfold: only the zip
    guard refuses it for what it is (without it, it would be read, or refused
    as too long a text)."""
    body = f"<w:p {W_NS}><w:r><w:t>" + "字" * 3_000_000 + "</w:t></w:r></w:p>"
    return docx_with_body_xml(body)


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_by_the_zip_guard(editor_client, speech):
    response = post_file(editor_client, speech, "bomb.docx", zip_bomb())
    assert response.status_code == 400
    assert RATIO_MESSAGE in response.content.decode()
    assert not Revision.objects.exists()


BAD_FILES = [
    ("empty.txt", b"", None),
    ("blank.txt", "　　\r\n \n".encode(), "文本为空"),
    ("program.exe", b"MZ\x90\x00" * 20, None),
    ("binary.txt", b"\x00\x01\x02\x03PK\x00\x00" * 50, None),
    ("latin.txt", bytes(range(128, 256)) * 4, None),
    ("broken.docx", b"PK\x03\x04 not really a zip", None),
    ("bomb.docx", None, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,data,expected", BAD_FILES)
def test_upload_page_refuses_bad_files_in_chinese(
    editor_client, speech, name, data, expected
):
    data = zip_bomb() if data is None else data
    response = post_file(editor_client, speech, name, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="errorlist' in page
    if expected:
        assert expected in page
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_upload_page_refuses_file_over_limit_while_streaming(
    editor_client, speech, settings
):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 10 * 1024
    response = post_file(editor_client, speech, "big.txt", ("字" * 20000).encode())
    assert response.status_code == 400
    assert "大小上限" in response.content.decode()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_upload_page_refuses_identical_text(editor_client, speech, editor):
    builders.revision(speech, editor, TEXT)
    response = post_text(editor_client, speech, "　　" + TEXT + "\r\n", base="1")
    assert response.status_code == 400
    assert "与基准版本相同" in response.content.decode()
    assert Revision.objects.count() == 1


@pytest.mark.django_db
def test_upload_page_refuses_stale_base_keeps_text_and_allows_confirm(
    editor_client, speech, editor, editor2
):
    builders.revision(speech, editor, TEXT)
    builders.revision(speech, editor2, TEXT + "\n新增一段。")
    mine = TEXT + "\n我的修改。"
    response = post_text(editor_client, speech, mine, base="1")
    page = response.content.decode()
    assert response.status_code == 409
    assert "第2版" in page
    assert "我的修改。" in page
    assert Revision.objects.count() == 2
    response = post_text(editor_client, speech, mine, base="1", confirm_stale_base="on")
    assert response.status_code == 302
    assert Revision.objects.get(number=3).parent.number == 1


@pytest.mark.django_db
def test_upload_page_refuses_unknown_base(editor_client, speech, editor):
    builders.revision(speech, editor, TEXT)
    response = post_text(editor_client, speech, TEXT + "\n补充。", base="9")
    assert response.status_code == 400
    assert Revision.objects.count() == 1


@pytest.mark.django_db
def test_upload_page_forbids_members_without_role_and_hides_from_others(
    client, outsider, approver, speech
):
    client.force_login(outsider)
    assert post_text(client, speech, TEXT).status_code == 404
    builders.member(speech, outsider)  # a member with no role still sees nothing
    assert post_text(client, speech, TEXT).status_code == 404
    client.force_login(approver)
    response = post_text(client, speech, TEXT)
    assert response.status_code == 403
    assert "权限" in response.content.decode()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_unknown_speech_and_revision_get_chinese_404(editor_client, speech, editor):
    builders.revision(speech, editor, TEXT)
    for url in [
        "/speeches/nope/",
        "/speeches/organization-work/revisions/9/",
        "/nowhere/",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_speech_create_page_then_list_and_search(editor_client):
    response = editor_client.post(
        reverse("drafts:speech_create"),
        {"title": "在春节团拜会上的讲话", "occasion": "团拜会"},
    )
    speech = Speech.objects.get()
    assert response.status_code == 302
    assert speech.slug == "在春节团拜会上的讲话"
    assert "在春节团拜会上的讲话" in editor_client.get("/?q=团拜").content.decode()
    assert "在春节团拜会上的讲话" not in editor_client.get("/?q=安全").content.decode()


@pytest.mark.django_db
def test_pages_escape_user_text(editor_client, speech, editor):
    nasty = '<script>alert("x")</script> & "引号" \'单引号\' {{ x }} <img onerror=1>'
    builders.revision(speech, editor, nasty, note=nasty)
    for url in [speech.get_absolute_url(), "/speeches/organization-work/revisions/1/"]:
        page = editor_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page
        assert "<img onerror" not in page


@pytest.mark.django_db
def test_pages_send_security_headers(editor_client):
    response = editor_client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_upload_requires_csrf_token(speech, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(upload_url(speech), {"text": TEXT})
    assert response.status_code == 403
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_pasted_text_over_the_request_limit_gets_the_upload_form_again(
    editor_client, speech, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    response = post_text(editor_client, speech, "字" * 20000)
    assert response.status_code == 413
    body = response.content.decode()
    assert "大小上限" in body and 'id="upload-form"' in body
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_editing_in_the_browser_starts_from_a_revision_which_becomes_the_base(
    editor_client, speech, editor
):
    builders.revision(speech, editor, TEXT)
    builders.revision(speech, editor, TEXT + "\n第二版加的一段。")
    speech.refresh_from_db()
    page = editor_client.get(speech.get_absolute_url()).content.decode()
    start = reverse("drafts:revision_upload", args=[speech.slug]) + "?from=2"
    assert f'href="{start}"' in page and "在最新版本上修改" in page
    form = editor_client.get(start).content.decode()
    assert "在第2版上修改" in form and "第二版加的一段。</textarea>" in form
    assert '<option value="2" selected>第2版</option>' in form
    older = editor_client.get(start.replace("from=2", "from=1")).content.decode()
    assert '<option value="1" selected>第1版</option>' in older
    assert "第二版加的一段" not in older.split("<textarea")[1].split("</textarea>")[0]
    response = post_text(editor_client, speech, TEXT + "\n第二版加的一段。\n第三版。")
    assert response.status_code == 302
    assert speech.revisions.get(number=3).parent.number == 2


@pytest.mark.django_db
def test_a_paste_past_the_limit_answers_with_the_forms_message(
    editor_client, speech, settings
):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    url = reverse("drafts:revision_upload", args=[speech.slug])
    page = editor_client.get(url).content.decode()
    assert 'data-max-bytes="1024"' in page and "upload.js" in page
    response = editor_client.post(url, {"text": "字" * 3000})
    assert response.status_code == 413
    body = response.content.decode()
    assert "内容超过大小上限（1 KB）。" in body and "<form" in body
    assert not speech.revisions.exists()


@pytest.mark.django_db
def test_a_file_past_the_limit_says_so_alone(editor_client, speech, settings):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 1024
    url = reverse("drafts:revision_upload", args=[speech.slug])
    upload = SimpleUploadedFile("长稿.txt", ("字" * 3000).encode("utf-8"))
    body = editor_client.post(url, {"file": upload}).content.decode()
    assert "内容超过大小上限（1 KB）。" in body
    assert "请粘贴正文或选择一个文件。" not in body
    assert not speech.revisions.exists()
