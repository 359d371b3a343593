"""The JSON API: the same service as the pages, errors as {"error", "code"}."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from drafts.models import Revision, Speech
from tests import builders

TEXT = "同志们：\n今年的任务很重。"


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def revisions_url(speech):
    return f"/api/speeches/{speech.slug}/revisions/"


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"error", "code"}
    assert body["code"] == code
    assert body["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/speeches/", "/api/speeches/x/", "/api/speeches/x/revisions/"]
)
def test_api_requires_authentication(url):
    assert_error(APIClient().get(url), 401, "not_authenticated")


@pytest.mark.django_db
def test_api_accepts_token_authentication(editor, speech):
    token = Token.objects.create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/speeches/").status_code == 200


@pytest.mark.django_db
def test_api_token_endpoint_issues_token(editor):
    response = APIClient().post(
        "/api/token/",
        {"username": "editor", "password": builders.PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=editor).key


@pytest.mark.django_db
def test_api_session_posts_need_csrf(editor, speech):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(revisions_url(speech), {"text": TEXT}, format="json")
    assert response.status_code == 403
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_creates_and_lists_speeches(api):
    response = api.post(
        "/api/speeches/",
        {"title": "在团拜会上的讲话", "occasion": "团拜会"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "在团拜会上的讲话"
    listed = api.get("/api/speeches/").json()
    assert listed["count"] == 1 and listed["next"] is None
    assert [s["title"] for s in listed["results"]] == ["在团拜会上的讲话"]


@pytest.mark.django_db
def test_api_refuses_speech_without_title(api):
    assert_error(
        api.post("/api/speeches/", {"title": ""}, format="json"), 400, "invalid"
    )
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_api_uploads_json_text_and_reads_it_back(api, speech):
    response = api.post(
        revisions_url(speech), {"text": TEXT, "note": "初稿"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == 1
    assert body["parent"] is None
    assert body["text"] == TEXT
    detail = api.get(f"{revisions_url(speech)}1/").json()
    assert detail["text"] == TEXT
    assert detail["note"] == "初稿"
    listed = api.get(revisions_url(speech)).json()["results"]
    assert [r["number"] for r in listed] == [1]
    assert "text" not in listed[0]


@pytest.mark.django_db
def test_api_uploads_multipart_gb18030_file(api, speech):
    upload = SimpleUploadedFile("讲话.txt", TEXT.encode("gb18030"))
    response = api.post(
        revisions_url(speech), {"file": upload, "note": "文件"}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["source_encoding"] == "gb18030"
    assert Revision.objects.get().text == TEXT


@pytest.mark.django_db
def test_api_uploads_docx_and_reports_notices(api, speech):
    import docx

    document = docx.Document()
    document.add_paragraph("同志们：")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "一", "二"
    document.sections[0].header.paragraphs[0].text = "内部资料"
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("讲话.docx", buffer.getvalue())
    response = api.post(revisions_url(speech), {"file": upload}, format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == "同志们：\n一\n二"
    assert body["import_notices"] == ["已忽略页眉页脚"]


@pytest.mark.django_db
def test_api_conflict_on_stale_parent_then_confirm(api, speech, editor, editor2):
    builders.revision(speech, editor, TEXT)
    builders.revision(speech, editor2, TEXT + "\n第二段。")
    payload = {"text": TEXT + "\n我的段落。", "parent": 1}
    response = api.post(revisions_url(speech), payload, format="json")
    assert_error(response, 409, "stale_base")
    assert response.json()["newer_revisions"] == [2]
    confirmed = api.post(
        revisions_url(speech), {**payload, "confirm_stale_base": True}, format="json"
    )
    assert confirmed.status_code == 201
    assert confirmed.json()["parent"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload,status,code",
    [
        ({"text": ""}, 400, "empty"),
        ({"text": " \n　"}, 400, "empty"),
        ({"note": "没有正文"}, 400, "invalid"),
        ({"text": TEXT, "parent": 7}, 404, "bad_base"),
        ({"text": TEXT, "parent": "abc"}, 400, "invalid"),
    ],
)
def test_api_refuses_bad_json_uploads(api, speech, payload, status, code):
    assert_error(api.post(revisions_url(speech), payload, format="json"), status, code)
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_refuses_identical_text(api, speech, editor):
    builders.revision(speech, editor, TEXT)
    assert_error(
        api.post(revisions_url(speech), {"text": TEXT + "\n"}, format="json"),
        400,
        "unchanged",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,data,code",
    [
        ("a.pdf", b"%PDF-1.4", "unknown_format"),
        ("a.txt", b"\x00\x01\x02" * 40, "binary"),
        ("a.docx", b"not a zip at all", "corrupt_docx"),
    ],
)
def test_api_refuses_bad_files(api, speech, name, data, code):
    upload = SimpleUploadedFile(name, data)
    assert_error(
        api.post(revisions_url(speech), {"file": upload}, format="multipart"), 400, code
    )
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_refuses_file_over_limit(api, speech, settings):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 4096
    upload = SimpleUploadedFile("big.txt", ("字" * 5000).encode())
    assert_error(
        api.post(revisions_url(speech), {"file": upload}, format="multipart"),
        400,
        "too_large",
    )
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_refuses_malformed_json(api, speech):
    response = api.generic(
        "POST", revisions_url(speech), "{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


@pytest.mark.django_db
def test_api_unknown_speech_and_revision_are_404(api, speech):
    assert_error(api.get("/api/speeches/nope/"), 404, "not_found")
    assert_error(api.get(f"{revisions_url(speech)}3/"), 404, "not_found")


@pytest.mark.django_db
def test_api_forbids_upload_without_role_and_hides_from_non_members(
    speech, outsider, approver
):
    client = APIClient()
    client.force_authenticate(outsider)
    assert_error(
        client.post(revisions_url(speech), {"text": TEXT}, format="json"),
        404,
        "not_found",
    )
    client.force_authenticate(approver)
    assert_error(
        client.post(revisions_url(speech), {"text": TEXT}, format="json"),
        403,
        "forbidden",
    )
    assert not speech.revisions.exists()


@pytest.mark.django_db
def test_api_has_no_way_to_change_or_delete_revisions(api, speech, editor):
    builders.revision(speech, editor, TEXT)
    url = f"{revisions_url(speech)}1/"
    for method in ("put", "patch", "delete"):
        response = getattr(api, method)(url, {"text": "改写"}, format="json")
        assert_error(response, 405, "method_not_allowed")
    assert Revision.objects.get().text == TEXT


@pytest.mark.django_db
def test_api_refuses_json_body_over_limit(api, speech, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    response = api.post(revisions_url(speech), {"text": "字" * 20000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_api_unknown_path_is_json_404(api):
    assert_error(api.get("/api/nothing/here/"), 404, "not_found")
    assert_error(APIClient().get("/api/"), 401, "not_authenticated")


@pytest.mark.django_db
def test_api_random_uploads_never_fail_with_500(api, speech):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    real = builders.docx_bytes("同志们：", "今年的任务很重。")

    def mutated(spot: int, byte: int, keep: int) -> bytes:
        # A real Word file with one byte changed and maybe cut short: it
        # stays a zip often enough to reach the XML behind the zip guard.
        spot %= len(real)
        return (real[:spot] + bytes([byte]) + real[spot + 1 :])[: max(keep, 30)]

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        data=st.one_of(
            st.binary(max_size=400),
            st.builds(
                mutated,
                st.integers(0, 50_000),
                st.integers(0, 255),
                st.integers(0, len(real)),
            ),
        ),
        name=st.sampled_from(
            ["a.txt", "a.docx", "a.TXT", "a", "讲话.doc", "a.txt.exe"]
        ),
    )
    def upload(data, name):
        before = Revision.objects.count()
        response = api.post(
            revisions_url(speech),
            {"file": SimpleUploadedFile(name, data)},
            format="multipart",
        )
        assert response.status_code in (201, 400), response.content
        if response.status_code == 400:
            assert set(response.json()) >= {"error", "code"}
            assert Revision.objects.count() == before

    upload()
