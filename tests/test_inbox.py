"""The home page starts with what waits for the user: revisions to review,
revisions sent back to them, revisions awaiting final approval."""

import pytest
from django.test import Client
from django.urls import reverse

from drafts import services
from tests import builders

TEXT = "同志们：\n今年安排重点项目100个。"


def _inbox(user) -> dict[str, list[str]]:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("drafts:speech_list")).content.decode()
    groups = {}
    for key in ("to-review", "sent-back", "to-sign"):
        if f'id="{key}"' in html:
            part = html.split(f'id="{key}"')[1].split("</div>")[0]
            count = int(part.split('class="count">')[1].split("<")[0])
            groups[key] = [count, part.count("<li>")]
    return groups


@pytest.mark.django_db
def test_each_role_sees_what_waits_for_it(speech, editor, reviewer, approver):
    assert _inbox(reviewer) == {"to-review": [0, 0], "sent-back": [0, 0]}
    revision = builders.submitted(speech, editor, TEXT)
    assert _inbox(reviewer)["to-review"] == [1, 1]
    assert _inbox(editor) == {"sent-back": [0, 0]}  # editors do not review
    services.review_record(
        revision=revision, reviewer=reviewer, decision="request_changes", note="改"
    )
    assert _inbox(reviewer)["to-review"] == [0, 0]
    assert _inbox(editor)["sent-back"] == [1, 1]
    fixed = builders.submitted(speech, editor, TEXT + "\n补充一段。")
    assert _inbox(editor)["sent-back"] == [0, 0]  # the latest is no longer sent back
    services.review_record(revision=fixed, reviewer=reviewer, decision="approve")
    assert _inbox(approver) == {"sent-back": [0, 0], "to-sign": [1, 1]}
    services.review_record(revision=fixed, reviewer=approver, decision="final_approval")
    assert _inbox(approver)["to-sign"] == [0, 0]


@pytest.mark.django_db
def test_nothing_waits_from_speeches_the_user_is_not_a_member_of(editor, reviewer):
    other = builders.speech(editor, slug="other")
    builders.submitted(other, editor, TEXT)
    assert _inbox(reviewer)["to-review"] == [0, 0]
    builders.member(other, reviewer)
    assert _inbox(reviewer)["to-review"] == [1, 1]


@pytest.mark.django_db
def test_a_long_inbox_lists_ten_and_counts_the_rest(editor, reviewer):
    for n in range(12):
        speech = builders.speech(editor, slug=f"s{n}")
        builders.member(speech, reviewer)
        builders.submitted(speech, editor, TEXT)
    assert _inbox(reviewer)["to-review"] == [12, 10]
