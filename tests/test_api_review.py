"""Review decisions, comparisons and proofreading through the API."""

import pytest
from rest_framework.test import APIClient

from drafts import services
from drafts.models import Review, Speech
from tests import builders

TEXT = "同志们：\n今年的任务很重;要抓好落实!"


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def base_url(speech, number):
    return f"/api/speeches/{speech.slug}/revisions/{number}/"


@pytest.mark.django_db
def test_api_review_flow(speech, editor, reviewer, approver):
    builders.revision(speech, editor, TEXT)
    url = base_url(speech, 1)
    assert as_user(editor).post(url + "submit/").json()["review_state"] == "submitted"
    response = as_user(reviewer).post(
        url + "reviews/", {"decision": "approve", "note": "同意"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["reviewer"] == "reviewer"
    final = as_user(approver).post(
        url + "reviews/", {"decision": "final_approval"}, format="json"
    )
    assert final.status_code == 201
    assert Speech.objects.get().final_revision.number == 1
    listed = as_user(editor).get(url + "reviews/").json()["results"]
    assert [r["decision"] for r in listed] == ["approve", "final_approval"]


@pytest.mark.django_db
def test_api_author_cannot_approve_own_revision(speech, reviewer):
    revision = builders.revision(speech, reviewer, TEXT)
    services.revision_submit(revision=revision, user=reviewer)
    response = as_user(reviewer).post(
        base_url(speech, 1) + "reviews/", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "own_revision"
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_api_editor_cannot_give_final_approval(speech, editor, editor2, reviewer):
    revision = builders.revision(speech, editor, TEXT)
    services.revision_submit(revision=revision, user=editor)
    services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    response = as_user(editor2).post(
        base_url(speech, 1) + "reviews/", {"decision": "final_approval"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.django_db
def test_api_rejects_unknown_decision_and_wrong_state(speech, editor, reviewer):
    builders.revision(speech, editor, TEXT)
    url = base_url(speech, 1) + "reviews/"
    bad = as_user(reviewer).post(url, {"decision": "bless"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) >= {"error", "code"}
    early = as_user(reviewer).post(url, {"decision": "approve"}, format="json")
    assert early.status_code == 409
    assert early.json()["code"] == "bad_state"


@pytest.mark.django_db
def test_api_compare_returns_engine_contract(speech, editor):
    builders.revision(speech, editor, TEXT)
    builders.revision(speech, editor, TEXT.replace(";", "；") + "\n新的一段。")
    client = as_user(editor)
    body = client.get(f"/api/speeches/{speech.slug}/compare/1...2/").json()
    kinds = [c["kind"] for c in body["changes"]]
    assert kinds == ["equal", "modified", "inserted"]
    assert body["changes"][1]["tags"] == ["width"]
    folded = client.get(
        f"/api/speeches/{speech.slug}/compare/1...2/?ignore_punct_width=true"
    ).json()
    assert [c["kind"] for c in folded["changes"]] == ["equal", "equal", "inserted"]
    builders.revision(speech, editor, TEXT.replace("任务", "任務"))
    script = client.get(f"/api/speeches/{speech.slug}/compare/1...3/").json()
    assert [c["tags"] for c in script["changes"] if c["kind"] != "equal"] == [
        ["script"]
    ]
    ignoring = client.get(
        f"/api/speeches/{speech.slug}/compare/1...3/?ignore_script=true"
    ).json()
    assert {c["kind"] for c in ignoring["changes"]} == {"equal"}
    reverse = client.get(f"/api/speeches/{speech.slug}/compare/2...1/").json()
    assert [c["kind"] for c in reverse["changes"]] == ["equal", "modified", "deleted"]
    bad = client.get(f"/api/speeches/{speech.slug}/compare/1...2/?granularity=line")
    assert bad.status_code == 400
    assert client.get(f"/api/speeches/{speech.slug}/compare/1...9/").status_code == 404


@pytest.mark.django_db
def test_api_proofread_finds_half_width_marks(speech, editor):
    builders.revision(speech, editor, TEXT)
    body = as_user(editor).get(base_url(speech, 1) + "proofread/").json()
    assert [i["suggestion"] for i in body["issues"]] == ["；", "！"]
    assert body["metrics"]["paragraphs"] == 2


BASE = "同志们：\n今年任务很重。\n要抓好落实。\n谢谢大家！"


@pytest.mark.django_db
def test_api_merge_stale_upload_cleanly(speech, editor, editor2):
    builders.revision(speech, editor, BASE)
    builders.revision(speech, editor2, BASE.replace("要抓好落实。", "要真抓实干。"))
    mine = BASE.replace("今年任务很重。", "今年任务十分繁重。")
    url = f"/api/speeches/{speech.slug}/revisions/"
    stale = as_user(editor).post(url, {"text": mine, "parent": 1}, format="json")
    assert stale.status_code == 409
    merged = as_user(editor).post(
        url, {"text": mine, "parent": 1, "merge": True}, format="json"
    )
    assert merged.status_code == 201
    body = merged.json()
    assert body["parent"] == 2
    assert body["source_kind"] == "merge"
    assert "今年任务十分繁重。" in body["text"] and "要真抓实干。" in body["text"]


@pytest.mark.django_db
def test_api_merge_conflict_lists_both_versions_and_stores_nothing(
    speech, editor, editor2
):
    builders.revision(speech, editor, BASE)
    builders.revision(speech, editor2, BASE.replace("很重", "非常艰巨"))
    mine = BASE.replace("很重", "十分繁重")
    url = f"/api/speeches/{speech.slug}/revisions/"
    payload = {"text": mine, "parent": 1, "merge": True}
    response = as_user(editor).post(url, payload, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "merge_conflict"
    assert body["conflicts"][0]["mine"] == ["今年任务十分繁重。"]
    assert body["conflicts"][0]["theirs"] == ["今年任务非常艰巨。"]
    assert speech.revisions.count() == 2
    chosen = as_user(editor).post(
        url, {**payload, "resolutions": ["mine"]}, format="json"
    )
    assert chosen.status_code == 201
    assert "今年任务十分繁重。" in chosen.json()["text"]
