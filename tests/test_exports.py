"""Exports and downloads through every entry point: the pages, the API and
the export command. Each file goes through the access rule, a final text
leaves only while it verifies, and every file served is recorded."""

import hashlib
import io
import zipfile
from datetime import UTC
from io import StringIO
from urllib.parse import quote

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from rest_framework.test import APIClient

from drafts import db_guards, services
from drafts.demo.chain import organization_chain
from drafts.diffing import split_paragraphs
from drafts.models import AppendOnlyError, Download
from tests import builders
from tests.exporting.reader import NS, W, document_xml, resolved

TITLE = "在全市组织工作会议上的讲话"
CHAIN = organization_chain()
FIRST, SECOND = CHAIN[0].text, CHAIN[2].text


@pytest.fixture
def drafts(speech, editor, editor2, reviewer, approver):
    """The speech with two revisions by two authors, the second uploaded
    as a file so that it has an original."""
    builders.revision(speech, editor, FIRST, note="初稿")
    services.revision_create(
        speech=speech,
        author=editor2,
        incoming=services.incoming_from_file("二稿.txt", SECOND.encode("gb18030")),
        note="调整开头两段顺序",
    )
    editor2.first_name = "李执笔"
    editor2.save(update_fields=["first_name"])
    return speech


@pytest.fixture
def final(drafts, editor2, reviewer, approver):
    second = drafts.revisions.get(number=2)
    services.revision_submit(revision=second, user=editor2)
    services.review_record(revision=second, reviewer=reviewer, decision="approve")
    services.review_record(
        revision=second, reviewer=approver, decision="final_approval", note="签发"
    )
    approver.first_name = "赵签发"
    approver.save(update_fields=["first_name"])
    drafts.refresh_from_db()
    return drafts


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _url(name: str, slug: str, *args) -> str:
    return reverse(f"drafts:{name}", args=[slug, *args])


def _filename(response) -> str:
    return response["Content-Disposition"].split("filename*=UTF-8''")[1]


def _single_download() -> Download:
    (download,) = Download.objects.all()
    return download


@pytest.mark.django_db
def test_a_revision_downloads_as_its_exact_text_and_is_recorded(drafts, editor):
    response = _client(editor).get(_url("revision_export", drafts.slug, 2, "txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == SECOND.encode("utf-8")
    assert _filename(response) == quote(f"{TITLE}-第2版.txt")
    download = _single_download()
    assert (download.downloaded_by, download.speech, download.revision.number) == (
        editor,
        drafts,
        2,
    )
    assert (download.kind, download.file_format, download.channel) == (
        "revision",
        "txt",
        "web",
    )
    assert download.size == len(response.content)
    assert download.sha256 == hashlib.sha256(response.content).hexdigest()
    # The text served is the text stored: its hash is the revision's.
    assert download.sha256 == download.revision.text_sha256
    assert download.downloaded_at <= timezone.now()


@pytest.mark.django_db
def test_a_revision_downloads_as_an_official_docx(drafts, editor):
    response = _client(editor).get(_url("revision_export", drafts.slug, 1, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert _filename(response) == quote(f"{TITLE}-第1版.docx")
    opened = docx.Document(io.BytesIO(response.content))
    assert [p.text for p in opened.paragraphs] == [TITLE, *split_paragraphs(FIRST)]
    properties = opened.core_properties
    assert (properties.title, properties.subject, properties.author) == (
        TITLE,
        "第1版",
        "editor",
    )
    assert _single_download().sha256 == response["X-Content-SHA256"]


@pytest.mark.django_db
def test_a_comparison_downloads_with_every_change_tracked(drafts, editor):
    response = _client(editor).get(_url("compare_export", drafts.slug, 1, 2))
    assert response.status_code == 200
    assert _filename(response) == quote(f"{TITLE}-第1版至第2版修订.docx")
    data = response.content
    assert resolved(data, accept=True) == split_paragraphs(SECOND)
    assert resolved(data, accept=False) == split_paragraphs(FIRST)
    second = drafts.revisions.get(number=2)
    made = timezone.localtime(second.created_at).replace(microsecond=0)
    revisions = document_xml(data).findall(".//w:ins", NS)
    assert revisions
    assert {e.get(f"{{{W}}}author") for e in revisions} == {"李执笔"}
    assert {e.get(f"{{{W}}}date") for e in revisions} == {
        made.replace(tzinfo=None).isoformat() + "Z"
    }
    download = _single_download()
    assert (download.kind, download.base_revision.number, download.revision.number) == (
        "comparison",
        1,
        2,
    )


@pytest.mark.django_db
def test_a_comparison_downloads_the_other_way_round_too(drafts, editor):
    response = _client(editor).get(_url("compare_export", drafts.slug, 2, 1))
    assert _filename(response) == quote(f"{TITLE}-第2版至第1版修订.docx")
    assert resolved(response.content, accept=True) == split_paragraphs(FIRST)
    assert resolved(response.content, accept=False) == split_paragraphs(SECOND)


@pytest.mark.django_db
def test_the_original_upload_download_is_recorded(drafts, reviewer):
    response = _client(reviewer).get(_url("revision_original", drafts.slug, 2))
    assert response.content == SECOND.encode("gb18030")
    assert _filename(response) == quote("二稿.txt")
    download = _single_download()
    assert (download.kind, download.downloaded_by, download.filename) == (
        "original",
        reviewer,
        "二稿.txt",
    )
    assert download.sha256 == hashlib.sha256(response.content).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor2", "outsider"])
def test_non_members_find_no_export_and_leave_no_record(drafts, who, request):
    account = request.getfixturevalue(who)
    if who == "editor2":
        account = builders.user("stranger", builders.EDITORS)
    client, api = _client(account), _api(account)
    for url in (
        _url("revision_export", drafts.slug, 2, "txt"),
        _url("revision_export", drafts.slug, 2, "docx"),
        _url("compare_export", drafts.slug, 1, 2),
        _url("revision_original", drafts.slug, 2),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/speeches/{drafts.slug}/revisions/2/export.docx",
        f"/api/speeches/{drafts.slug}/compare/1...2/export.docx",
    ):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not Download.objects.exists()


@pytest.mark.django_db
def test_an_unknown_format_is_refused(drafts, editor):
    assert (
        _client(editor).get(_url("revision_export", drafts.slug, 2, "pdf")).status_code
        == 404
    )
    response = _api(editor).get(f"/api/speeches/{drafts.slug}/revisions/2/export.pdf")
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_format"
    assert not Download.objects.exists()


@pytest.mark.django_db
def test_the_api_serves_the_same_files_and_records_them(drafts, reviewer):
    api = _api(reviewer)
    text = api.get(f"/api/speeches/{drafts.slug}/revisions/2/export.txt")
    assert text.status_code == 200 and text.content == SECOND.encode("utf-8")
    compared = api.get(f"/api/speeches/{drafts.slug}/compare/1...2/export.docx")
    assert compared.status_code == 200
    assert resolved(compared.content, accept=True) == split_paragraphs(SECOND)
    recorded = Download.objects.order_by("id")
    assert [(d.kind, d.channel, d.downloaded_by) for d in recorded] == [
        ("revision", "api", reviewer),
        ("comparison", "api", reviewer),
    ]


def _custom_properties(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {prop.get("name"): "".join(prop.itertext()) for prop in root}


@pytest.mark.django_db
def test_the_final_text_carries_its_approval_in_the_properties(final, editor):
    response = _client(editor).get(_url("revision_export", final.slug, 2, "docx"))
    assert response.status_code == 200
    approval = final.final_revision.reviews.get(decision="final_approval")
    custom = _custom_properties(response.content)
    assert custom["批准定稿人"] == "赵签发"
    assert custom["批准定稿正文SHA-256"] == approval.content_sha256
    assert (
        custom["批准定稿时间"]
        == approval.created_at.astimezone(UTC)
        .replace(tzinfo=None, microsecond=0)
        .isoformat()
        + "Z"
    )
    opened = docx.Document(io.BytesIO(response.content))
    assert opened.core_properties.content_status == "定稿"
    assert "赵签发" in opened.core_properties.comments
    body = "\n".join(p.text for p in opened.paragraphs)
    assert "赵签发" not in body and approval.content_sha256 not in body


def _tamper_final(speech) -> None:
    """Rewrite the final text as someone with the database would."""
    db_guards.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE drafts_revision SET text = %s WHERE id = %s",
            ["篡改后的定稿。", speech.final_revision_id],
        )
    db_guards.install(connection)


@pytest.mark.django_db
def test_a_final_text_that_fails_verification_is_not_exported(final, editor, tmp_path):
    _tamper_final(final)
    client = _client(editor)
    page = client.get(_url("revision_detail", final.slug, 2)).content.decode()
    assert "export.docx" not in page
    response = client.get(_url("revision_export", final.slug, 2, "docx"), follow=True)
    assert "定稿校验未通过" in response.content.decode()
    assert client.get(_url("compare_export", final.slug, 1, 2)).status_code == 302
    api = _api(editor)
    refused = api.get(f"/api/speeches/{final.slug}/revisions/2/export.txt")
    assert refused.status_code == 409
    assert refused.json()["code"] == "final_unverified"
    with pytest.raises(CommandError, match="定稿校验未通过"):
        call_command(
            "export", final.slug, "--revision", "2", str(tmp_path / "定稿.txt")
        )
    assert not Download.objects.exists()
    # The other revisions still leave.
    assert client.get(_url("revision_export", final.slug, 1, "txt")).status_code == 200


@pytest.mark.django_db
def test_the_export_command_writes_each_format_and_records_it(drafts, editor, tmp_path):
    out = StringIO()
    call_command(
        "export", drafts.slug, "--revision", "2", str(tmp_path / "a.txt"), stdout=out
    )
    assert (tmp_path / "a.txt").read_bytes() == SECOND.encode("utf-8")
    assert "SHA-256" in out.getvalue()
    call_command(
        "export", drafts.slug, "--revision", "1", str(tmp_path / "b.docx"), stdout=out
    )
    opened = docx.Document(str(tmp_path / "b.docx"))
    assert opened.paragraphs[0].text == TITLE
    call_command(
        "export",
        drafts.slug,
        "--compare",
        "1",
        "2",
        str(tmp_path / "c.docx"),
        "--user",
        "editor",
        stdout=out,
    )
    data = (tmp_path / "c.docx").read_bytes()
    assert resolved(data, accept=True) == split_paragraphs(SECOND)
    recorded = Download.objects.order_by("id")
    assert [(d.kind, d.file_format, d.channel, d.downloaded_by) for d in recorded] == [
        ("revision", "txt", "command", None),
        ("revision", "docx", "command", None),
        ("comparison", "docx", "command", editor),
    ]


@pytest.mark.django_db
def test_the_export_command_refuses_what_it_cannot_do(drafts, outsider, tmp_path):
    cases = [
        (["--revision", "2", str(tmp_path / "a.pdf")], "无法识别输出格式"),
        (["--compare", "1", "2", str(tmp_path / "a.txt")], "只能导出为 .docx"),
        (["--revision", "9", str(tmp_path / "a.txt")], "没有第9版"),
        (["--revision", "2", str(tmp_path / "a.txt"), "--user", "outsider"], "看不到"),
        (["--revision", "2", str(tmp_path / "a.txt"), "--user", "nobody"], "不存在"),
    ]
    for arguments, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("export", drafts.slug, *arguments, stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("export", "no-such", "--revision", "1", str(tmp_path / "a.txt"))
    assert not Download.objects.exists()
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_download_records_are_append_only(drafts, editor):
    _client(editor).get(_url("revision_export", drafts.slug, 2, "txt"))
    download = _single_download()
    with pytest.raises(AppendOnlyError):
        download.save()
    with pytest.raises(AppendOnlyError):
        download.delete()
    with pytest.raises(AppendOnlyError):
        Download.objects.update(size=0)
    with pytest.raises(AppendOnlyError):
        Download.objects.all().delete()


@pytest.mark.django_db
def test_the_admin_lists_only_downloads_of_visible_speeches(drafts, reviewer, editor2):
    reviewer.is_staff = True
    reviewer.save(update_fields=["is_staff"])
    hidden = builders.speech(editor2, title="保密讲话", slug="hidden")
    builders.revision(hidden, editor2, "保密内容第一段。")
    _client(editor2).get(_url("revision_export", "hidden", 1, "txt"))
    _client(reviewer).get(_url("revision_export", drafts.slug, 2, "txt"))
    page = _client(reviewer).get(reverse("admin:drafts_download_changelist"))
    assert page.status_code == 200
    body = page.content.decode()
    assert TITLE in body and "保密" not in body
    assert Download.objects.count() == 2


@pytest.mark.django_db
def test_the_pages_offer_the_downloads(drafts, editor):
    client = _client(editor)
    page = client.get(_url("revision_detail", drafts.slug, 2)).content.decode()
    assert _url("revision_export", drafts.slug, 2, "docx") in page
    assert _url("revision_export", drafts.slug, 2, "txt") in page
    compare = client.get(_url("compare", drafts.slug, 1, 2)).content.decode()
    assert _url("compare_export", drafts.slug, 1, 2) in compare
    assert not Download.objects.exists()  # showing the links records nothing
