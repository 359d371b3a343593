"""Full-text search: a phrase of the text finds its speech, highlighted in
context, among the speeches the user may see, and nowhere else."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests import builders

FIRST = (
    "同志们：\n今年全市安排重点项目100个。\n请大家抓好落实，确保Project Alpha按期完成。"
)
SECOND = (
    "同志们：\n今年全市安排重点项目120个。\n请大家抓好落实，确保Project Alpha按期完成。"
)


@pytest.fixture
def speeches(editor, editor2):
    mine = builders.speech(editor, title="重点项目推进会讲话", slug="projects")
    builders.revision(mine, editor, FIRST)
    builders.revision(mine, editor, SECOND)
    secret = builders.speech(editor2, title="保密讲话", slug="secret")
    builders.revision(secret, editor2, "内部讲话：今年全市安排重点项目的名单另发。")
    return mine, secret


def _page(client, **query) -> str:
    response = client.get(reverse("drafts:search"), query)
    assert response.status_code == 200
    return response.content.decode()


def _api(user, **query):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(reverse("api_search"), query)


@pytest.mark.django_db
def test_a_phrase_of_the_latest_text_finds_its_speech_highlighted(
    speeches, editor_client
):
    html = _page(editor_client, q="重点项目120")
    assert "重点项目推进会讲话 · 第2版" in html
    assert "今年全市安排<mark>重点项目120</mark>个。" in html
    assert _page(editor_client, q="重点项目100").count('class="card search-hit"') == 0


@pytest.mark.django_db
def test_all_revisions_on_request(speeches, editor):
    body = _api(editor, q="重点项目100", all="true").json()
    assert [(r["speech"], r["revision"]) for r in body["results"]] == [("projects", 1)]
    assert body["results"][0]["snippets"] == [
        {"before": "今年全市安排", "match": "重点项目100", "after": "个。"}
    ]
    latest = _api(editor, q="重点项目").json()
    assert [r["revision"] for r in latest["results"]] == [2]


@pytest.mark.django_db
def test_search_shows_only_speeches_the_user_may_see(speeches, editor, editor2):
    assert [r["speech"] for r in _api(editor, q="今年全市安排").json()["results"]] == [
        "projects"
    ]
    assert [r["speech"] for r in _api(editor2, q="今年全市安排").json()["results"]] == [
        "secret"
    ]
    client = Client()
    client.force_login(editor)
    html = _page(client, q="名单另发")
    assert "保密" not in html and "共 0 个" in html
    nobody = builders.user("nobody")
    assert _api(nobody, q="今年", all="true").json()["count"] == 0


@pytest.mark.django_db
def test_search_is_case_insensitive_for_latin_and_counts_matches(speeches, editor):
    [hit] = _api(editor, q="project alpha").json()["results"]
    assert hit["matches"] == 1
    assert hit["snippets"][0]["match"] == "Project Alpha"


@pytest.mark.django_db
def test_search_escapes_the_text_and_the_query(editor, editor_client):
    speech = builders.speech(editor, slug="markup")
    builders.revision(speech, editor, "前文<b onclick=x>加粗</b>后文")
    html = _page(editor_client, q="<b onclick=x>")
    assert "<b onclick" not in html
    assert "<mark>&lt;b onclick=x&gt;</mark>加粗" in html


@pytest.mark.django_db
def test_an_empty_query_searches_nothing(speeches, editor, editor_client):
    assert 'class="card search-hit"' not in _page(editor_client, q="  ")
    response = _api(editor, q="")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_a_trigram_index_serves_substring_search_on_postgresql(speeches):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    from drafts import search
    from drafts.models import Revision

    found = Revision.objects.filter(text__icontains="今年全市安排重点项目")
    assert found.count() == 3
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "drafts_revision_text_trgm" in plan
    assert search.MAX_QUERY == 100


def test_a_snippet_stays_in_its_paragraph_and_says_where_it_was_cut():
    from types import SimpleNamespace

    from drafts import search

    text = "开头。\n" + "甲" * 40 + "关键词" + "乙" * 40 + "\n结尾。"
    hit = search.hit(SimpleNamespace(text=text), "关键词")
    [snippet] = hit.snippets
    assert snippet.before == "…" + "甲" * search.CONTEXT
    assert snippet.after == "乙" * search.CONTEXT + "…"
    short = search.hit(SimpleNamespace(text="开头。\n关键词在此。\n结尾。"), "关键词")
    assert short.snippets[0] == search.Snippet("", "关键词", "在此。")
