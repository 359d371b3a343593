"""溯源: each paragraph of a revision with the revision where it first
appeared and the one that last changed it, on a page and in the API."""

import pytest
from django.urls import reverse

from drafts.diffing import split_paragraphs
from drafts.models import Revision


def _rows(demo_client, number: int) -> dict[str, tuple[int, int]]:
    response = demo_client.get(
        reverse("api_provenance", args=["organization-work", number])
    )
    assert response.status_code == 200
    text = Revision.objects.get(speech__slug="organization-work", number=number).text
    paragraphs = split_paragraphs(text)
    return {
        paragraphs[row["paragraph"] - 1]: (
            row["first_revision"],
            row["changed_revision"],
            row["changed_by"],
        )
        for row in response.json()["paragraphs"]
    }


def _starting(rows: dict, prefix: str):
    [found] = [value for text, value in rows.items() if text.startswith(prefix)]
    return found


def test_provenance_follows_edits_moves_splits_and_merges(demo_client):
    rows = _rows(demo_client, 6)
    # Untouched since the first draft.
    assert _starting(rows, "一、认清形势") == (1, 1, "editor")
    # Given its number "4" in revision 2, by editor2.
    assert _starting(rows, "4、切实把握") == (1, 2, "editor2")
    # Its punctuation made full-width in revision 2, then moved in revision 3:
    # the move is followed, not dated.
    assert _starting(rows, "刚刚过去的一年") == (1, 2, "editor2")
    # Split in revision 4: both halves come from the first draft.
    assert _starting(rows, "2、突出执政能力这个重点") == (1, 4, "editor2")
    assert _starting(rows, "抓改革，激发干部队伍活力。") == (1, 4, "editor2")
    # The date corrected in revision 5.
    assert _starting(rows, "这次全市组织工作会议")[1:] == (5, "editor")
    # The nested title fixed last, in revision 6.
    [title] = [v for t, v in rows.items() if "〈决定〉" in t]
    assert title == (1, 6, "editor2")


def test_provenance_page_shows_each_paragraph_with_its_origin(demo_client):
    url = reverse("drafts:revision_provenance", args=["organization-work", 2])
    html = demo_client.get(url).content.decode()
    assert html.count('<tr id="p') == 21
    assert "4、切实把握" in html and "第2版</a> · 李执笔" in html
    revision = reverse("drafts:revision_detail", args=["organization-work", 2])
    assert url in demo_client.get(revision).content.decode()


@pytest.mark.django_db
def test_speech_page_charts_each_revision_added_and_removed(demo_client):
    html = demo_client.get(reverse("drafts:speech_detail", args=["organization-work"]))
    body = html.content.decode()
    chart = body.split('<figure class="history-chart')[1].split("</figure>")[0]
    assert chart.count('<g class="bar">') == 6
    assert "第5版 · 王起草 · 增加" in chart
    assert "<script" not in chart
