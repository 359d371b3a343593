"""A page costs the same at many rows as at a few: the speech list, the
speech page, the revision page, the admin and the API lists make as many
queries with 120 revisions (or 40 speeches) as with 10 (or 4)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from drafts import services
from tests import builders


def _queries(client, url) -> int:
    client.get(url)  # digests and comparisons made on first use are kept
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grown(editor, reviewer, count: int):
    speech = builders.speech(editor, slug=f"long-{count}")
    builders.member(speech, reviewer)
    builders.history(speech, editor, count, reviewer=reviewer)
    latest = speech.revisions.get(number=count)
    services.revision_submit(revision=latest, user=editor)
    services.review_record(revision=latest, reviewer=reviewer, decision="approve")
    speech.refresh_from_db()
    return speech


@pytest.fixture
def short_and_long(editor, reviewer):
    return _grown(editor, reviewer, 10), _grown(editor, reviewer, 120)


def _client(user, cls=Client):
    client = cls()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda s: s.get_absolute_url(),
        lambda s: s.latest_revision.get_absolute_url(),
        lambda s: reverse("api_revision_list", args=[s.slug]),
        lambda s: reverse("api_speech_detail", args=[s.slug]),
        lambda s: reverse("drafts:revision_upload", args=[s.slug]),
    ],
    ids=["speech", "latest revision", "api revisions", "api speech", "upload"],
)
def test_speech_pages_cost_the_same_at_120_revisions_as_at_10(
    short_and_long, editor, url
):
    short, long = short_and_long
    client = _client(editor, APIClient)
    assert _queries(client, url(long)) == _queries(client, url(short))


@pytest.mark.django_db
def test_the_timeline_is_paginated_newest_first(short_and_long, editor):
    _, long = short_and_long
    html = _client(editor).get(long.get_absolute_url()).content.decode()
    assert "第120版" in html and "第71版" in html and "第70版</a>" not in html
    assert "第 1 / 3 页" in html
    older = _client(editor).get(long.get_absolute_url() + "?page=3")
    assert "第1版</a>" in older.content.decode()


@pytest.mark.django_db
def test_lists_cost_the_same_at_40_speeches_as_at_4(editor, reviewer):
    client = _client(editor, APIClient)
    for n in range(4):
        builders.history(builders.speech(editor, slug=f"s{n}"), editor, 2)
    few = [
        _queries(client, reverse("drafts:speech_list")),
        _queries(client, reverse("api_speech_list")),
    ]
    for n in range(4, 40):
        builders.history(builders.speech(editor, slug=f"s{n}"), editor, 2)
    many = [
        _queries(client, reverse("drafts:speech_list")),
        _queries(client, reverse("api_speech_list")),
    ]
    assert many == few


@pytest.mark.django_db
def test_admin_pages_cost_the_same_at_120_revisions_as_at_10(short_and_long):
    admin = builders.user("root")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    client = _client(admin)
    short, long = short_and_long
    for name, arg in [
        ("admin:drafts_speech_change", lambda s: s.pk),
        ("admin:drafts_revision_change", lambda s: s.latest_revision.pk),
    ]:
        assert _queries(client, reverse(name, args=[arg(long)])) == _queries(
            client, reverse(name, args=[arg(short)])
        ), name
    changelist = reverse("admin:drafts_revision_changelist")
    assert _queries(client, f"{changelist}?speech__exact={long.pk}") == _queries(
        client, f"{changelist}?speech__exact={short.pk}"
    )


@pytest.mark.django_db
def test_api_lists_are_paginated(short_and_long, editor):
    _, long = short_and_long
    client = _client(editor, APIClient)
    first = client.get(reverse("api_revision_list", args=[long.slug])).json()
    assert first["count"] == 120 and len(first["results"]) == 50
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [r["number"] for r in last["results"]] == list(range(101, 121))
    assert last["next"] is None


@pytest.mark.django_db
def test_provenance_of_a_long_history_costs_one_comparison(
    short_and_long, editor, django_assert_max_num_queries
):
    from drafts.models import RevisionDigest

    _, long = short_and_long
    client = _client(editor)
    url = reverse("drafts:revision_provenance", args=[long.slug, 120])
    assert client.get(url).status_code == 200  # digests made along the chain
    newest = builders.revision(long, editor, long.latest_revision.text + "\n新段落。")
    RevisionDigest.objects.filter(revision=newest).delete()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("drafts:revision_provenance", args=[long.slug, 121]))
    assert page.status_code == 200
    # One new digest, carried from its base's: no walk down the history.
    inserted = [q for q in captured if "INSERT" in q["sql"]]
    assert len(inserted) == 1 and len(captured) < 20


@pytest.mark.django_db
def test_the_compare_page_grows_with_the_changes_not_with_the_text(editor):
    client = _client(editor)
    sizes = {}
    for copies in (2, 12):
        paragraphs = [
            f"{line}（{n}）"
            for n in range(copies)
            for line in builders.demo_text().split("\n")
        ]
        edited = list(paragraphs)
        edited[3] = edited[3].replace("会议", "大会", 1)
        edited[-3] = edited[-3] + "补充一句。"
        speech = builders.speech(editor, slug=f"copies-{copies}")
        builders.revision(speech, editor, "\n".join(paragraphs))
        builders.revision(speech, editor, "\n".join(edited))
        url = reverse("drafts:compare", args=[speech.slug, 1, 2])
        sizes[copies] = len(client.get(url).content)
    # Six times the text, the same two changes: nearly the same page.
    assert sizes[12] < 1.25 * sizes[2]
