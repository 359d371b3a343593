"""Review rules through the service: states, four eyes, stale approvals,
final approval, append-only records, and accepting single changes."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from drafts import services
from drafts.errors import Forbidden, InvalidInput, NotFound
from drafts.models import AppendOnlyError, Review, Revision, Speech
from tests import builders

State = Revision.ReviewState
Decision = Review.Decision
TEXT = "同志们：\n今年的任务很重。\n一、抓好落实\n要真抓实干。"


def submitted(speech, author, text=TEXT):
    revision = builders.revision(speech, author, text)
    return services.revision_submit(revision=revision, user=author)


def decide(revision, user, decision, note="同意"):
    return services.review_record(
        revision=revision, reviewer=user, decision=decision, note=note
    )


@pytest.mark.django_db
def test_review_flow_submit_request_changes_fix_approve_final(
    speech, editor, reviewer, approver
):
    first = submitted(speech, editor)
    speech.refresh_from_db()
    assert speech.status == Speech.Status.IN_REVIEW
    decide(first, reviewer, Decision.REQUEST_CHANGES, "请补充数据")
    first.refresh_from_db()
    assert first.review_state == State.CHANGES_REQUESTED
    second = submitted(speech, editor, TEXT + "\n全年完成57项任务。")
    decide(second, reviewer, Decision.APPROVE)
    second.refresh_from_db()
    assert second.review_state == State.APPROVED
    final = decide(second, approver, Decision.FINAL_APPROVAL, "同意定稿")
    speech.refresh_from_db()
    assert speech.status == Speech.Status.FINAL
    assert speech.final_revision == second
    assert final.content_sha256 == second.text_sha256
    assert [r.decision for r in Review.objects.all()] == [
        Decision.REQUEST_CHANGES,
        Decision.APPROVE,
        Decision.FINAL_APPROVAL,
    ]


@pytest.mark.django_db
def test_nobody_approves_their_own_revision(speech, reviewer, approver):
    own = submitted(speech, reviewer)
    with pytest.raises(Forbidden):
        decide(own, reviewer, Decision.APPROVE)
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_approval_does_not_pass_to_a_newer_revision(speech, editor, reviewer, approver):
    first = submitted(speech, editor)
    decide(first, reviewer, Decision.APPROVE)
    second = builders.revision(speech, editor, TEXT + "\n补充一段。")
    assert second.review_state == State.DRAFT
    with pytest.raises(InvalidInput):
        decide(second, approver, Decision.FINAL_APPROVAL)
    with pytest.raises(InvalidInput) as caught:
        decide(first, approver, Decision.FINAL_APPROVAL)
    assert caught.value.code == "not_latest"
    assert Speech.objects.get().final_revision is None


@pytest.mark.django_db
def test_only_approvers_give_final_approval_and_only_on_approved(
    speech, editor, editor2, reviewer, approver
):
    revision = submitted(speech, editor)
    with pytest.raises(InvalidInput):
        decide(revision, approver, Decision.FINAL_APPROVAL)
    decide(revision, reviewer, Decision.APPROVE)
    for user in (editor2, reviewer):
        with pytest.raises(Forbidden):
            decide(revision, user, Decision.FINAL_APPROVAL)
    assert Speech.objects.get().status == Speech.Status.IN_REVIEW


@pytest.mark.django_db
def test_editors_cannot_approve(speech, editor, editor2):
    revision = submitted(speech, editor)
    with pytest.raises(Forbidden):
        decide(revision, editor2, Decision.APPROVE)


@pytest.mark.django_db
def test_request_changes_blocks_final_approval(speech, editor, reviewer, approver):
    revision = submitted(speech, editor)
    decide(revision, reviewer, Decision.REQUEST_CHANGES, "第二段数据有误")
    with pytest.raises(InvalidInput):
        decide(revision, approver, Decision.FINAL_APPROVAL)
    with pytest.raises(InvalidInput):
        decide(revision, reviewer, Decision.APPROVE)


@pytest.mark.django_db
def test_new_revision_after_final_reopens_and_keeps_old_final(
    speech, editor, reviewer, approver
):
    revision = submitted(speech, editor)
    decide(revision, reviewer, Decision.APPROVE)
    decide(revision, approver, Decision.FINAL_APPROVAL)
    builders.revision(speech, editor, TEXT + "\n定稿后又改了一段。")
    speech.refresh_from_db()
    assert speech.status == Speech.Status.DRAFTING
    assert speech.final_revision == revision
    assert Review.objects.filter(decision=Decision.FINAL_APPROVAL).count() == 1


@pytest.mark.django_db
def test_required_approvals_chain_levels(speech, editor, reviewer, approver):
    from tests.builders import REVIEWERS, user

    second_reviewer = user("office", REVIEWERS)
    builders.member(speech, second_reviewer)
    Speech.objects.filter(pk=speech.pk).update(required_approvals=2)
    revision = submitted(speech, editor)
    decide(revision, reviewer, Decision.APPROVE)
    revision.refresh_from_db()
    assert revision.review_state == State.SUBMITTED
    with pytest.raises(InvalidInput):
        decide(revision, reviewer, Decision.APPROVE)
    with pytest.raises(InvalidInput):
        decide(revision, approver, Decision.FINAL_APPROVAL)
    decide(revision, second_reviewer, Decision.APPROVE)
    revision.refresh_from_db()
    assert revision.review_state == State.APPROVED


@pytest.mark.django_db
def test_submit_only_drafts_and_only_latest(speech, editor, reviewer):
    first = submitted(speech, editor)
    with pytest.raises(InvalidInput):
        services.revision_submit(revision=first, user=editor)
    builders.revision(speech, editor, TEXT + "\n新段落。")
    with pytest.raises(InvalidInput):
        services.revision_submit(revision=first, user=editor)


@pytest.mark.django_db
def test_comments_need_text_and_a_role(speech, editor, outsider):
    revision = builders.revision(speech, editor, TEXT)
    with pytest.raises(InvalidInput):
        decide(revision, editor, Decision.COMMENT, "  ")
    with pytest.raises(NotFound):
        decide(revision, outsider, Decision.COMMENT, "意见")
    builders.member(speech, outsider)
    with pytest.raises(Forbidden):
        decide(revision, outsider, Decision.COMMENT, "意见")
    assert (
        decide(revision, editor, Decision.COMMENT, "第二段再斟酌").note
        == "第二段再斟酌"
    )


@pytest.mark.django_db
def test_review_records_are_append_only(speech, editor, reviewer):
    revision = submitted(speech, editor)
    review = decide(revision, reviewer, Decision.APPROVE)
    review.note = "改写"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        Review.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        Review.objects.all().delete()
    for statement in (
        "UPDATE drafts_review SET note = 'x'",
        "DELETE FROM drafts_review",
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)
    assert Review.objects.get().note == "同意"


@pytest.mark.django_db
def test_last_reviewed_revision_for_since_last_review_link(speech, editor, reviewer):
    first = submitted(speech, editor)
    decide(first, reviewer, Decision.REQUEST_CHANGES, "改")
    builders.revision(speech, editor, TEXT + "\n改好了。")
    assert services.last_reviewed_revision(speech, reviewer) == first
    assert services.last_reviewed_revision(speech, editor) is None


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_at_once_leave_consistent_state(editor):
    from tests.builders import REVIEWERS, user

    speech = builders.speech(editor)
    revision = submitted(speech, editor)
    reviewers = [user(f"r{n}", REVIEWERS) for n in range(2)]
    builders.member(speech, *reviewers)
    reviewers.append(reviewers[0])  # the same reviewer twice, concurrently
    barrier, outcomes = threading.Barrier(len(reviewers)), []

    def approve(user):
        barrier.wait()
        try:
            decide(revision, user, Decision.APPROVE)
            outcomes.append("ok")
        except InvalidInput as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Each reviewer approves once, whatever the order; the same reviewer's
    # second, concurrent approval is refused.
    assert sorted(outcomes) == ["already_approved", "ok", "ok"]
    assert Review.objects.filter(decision=Decision.APPROVE).count() == 2
    revision.refresh_from_db()
    assert revision.review_state == State.APPROVED


@pytest.mark.django_db
def test_accepting_some_changes_builds_reviewer_revision(speech, editor, reviewer):
    base = builders.revision(speech, editor, TEXT)
    proposed = builders.revision(
        speech, editor, TEXT.replace("很重", "十分繁重") + "\n新增的段落。"
    )
    revision = services.revision_from_decisions(
        base=base, proposed=proposed, accepted={1}, reviewer=reviewer
    )
    assert revision.author == reviewer
    assert revision.parent == proposed
    assert revision.source_kind == Revision.SourceKind.ACCEPTED
    assert "十分繁重" in revision.text
    assert "新增的段落" not in revision.text
    assert "接受 1 处" in revision.note and "拒绝 1 处" in revision.note


@pytest.mark.django_db
def test_accepting_changes_rejects_all_accepted_and_unknown(speech, editor, reviewer):
    base = builders.revision(speech, editor, TEXT)
    proposed = builders.revision(speech, editor, TEXT + "\n新增。")
    with pytest.raises(InvalidInput) as caught:
        services.revision_from_decisions(
            base=base, proposed=proposed, accepted={4}, reviewer=reviewer
        )
    assert caught.value.code == "unchanged"
    with pytest.raises(InvalidInput):
        services.revision_from_decisions(
            base=base, proposed=proposed, accepted={0}, reviewer=reviewer
        )
    rejected_all = services.revision_from_decisions(
        base=base, proposed=proposed, accepted=set(), reviewer=reviewer
    )
    assert rejected_all.text == base.text
    with pytest.raises(Forbidden):
        services.revision_from_decisions(
            base=base, proposed=proposed, accepted=set(), reviewer=editor
        )
