"""Review decisions: append-only, bound to the exact text, taken only on the
latest revision under the speech's lock; accepting single changes."""

from django.db import transaction
from django.utils import timezone

from drafts import hashchain, notifications
from drafts.access import require_member
from drafts.diffing import compare_texts
from drafts.diffing.accept import accept_changes
from drafts.errors import Forbidden, InvalidInput
from drafts.labels import KIND_LABELS
from drafts.models import Review, Revision, Speech, workflow_writes
from drafts.services.incoming import IncomingText
from drafts.services.revisions import revision_create

State = Revision.ReviewState
Decision = Review.Decision


def _locked(revision: Revision) -> tuple[Speech, Revision]:
    """Lock the speech and return it with *revision* as re-read under the
    lock: decisions of one speech are chained one after another."""
    speech = Speech.objects.select_for_update().get(pk=revision.speech_id)
    return speech, Revision.objects.get(pk=revision.pk)


def _locked_latest(revision: Revision) -> tuple[Speech, Revision]:
    """Lock the speech and return it with *revision* as re-read under the lock.

    Decisions apply only to the latest revision: an approval racing a new
    upload either lands first (and goes stale) or is refused.
    """
    speech, revision = _locked(revision)
    if speech.latest_revision_id != revision.pk:
        raise InvalidInput(
            f"第{revision.number}版已不是最新版本（最新为第{speech.revision_count}版），"
            "审核决定只能针对最新版本。",
            "not_latest",
            status=409,
        )
    return speech, revision


def _set_state(revision: Revision, state: str) -> None:
    revision.review_state = state
    with workflow_writes():
        revision.save(update_fields=["review_state"])


def _set_speech_status(speech: Speech, status: str, **fields) -> None:
    speech.status = status
    for name, value in fields.items():
        setattr(speech, name, value)
    with workflow_writes():
        speech.save(update_fields=["status", *fields])


def _record(speech, revision, reviewer, decision, note) -> Review:
    """Append one decision to *speech*'s chain; the speech must be locked."""
    review = Review(
        revision=revision,
        reviewer=reviewer,
        decision=decision,
        note=note.strip(),
        content_sha256=revision.text_sha256,
        created_at=timezone.now(),
        previous_hash=_chain_head(speech),
    )
    review.entry_hash = review.computed_hash()
    review.save(force_insert=True)
    return review


def _chain_head(speech: Speech) -> str:
    last = (
        Review.objects.filter(revision__speech_id=speech.pk)
        .order_by("-id")
        .values_list("entry_hash", flat=True)
        .first()
    )
    return last or hashchain.genesis_hash(speech.pk)


@transaction.atomic
def revision_submit(*, revision: Revision, user) -> Revision:
    """Submit a draft revision for review (草稿 → 待审)."""
    require_member(user, revision.speech, "提交审核")
    if not user.has_perm("drafts.add_revision"):
        raise Forbidden("没有提交审核的权限。")
    speech, revision = _locked_latest(revision)
    if revision.review_state != State.DRAFT:
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "只有草稿可以提交审核。",
            "bad_state",
            status=409,
        )
    _set_state(revision, State.SUBMITTED)
    _set_speech_status(speech, Speech.Status.IN_REVIEW)
    notifications.revision_submitted(revision)
    return revision


@transaction.atomic
def review_record(*, revision: Revision, reviewer, decision: str, note: str = ""):
    """Record one decision on the latest revision, enforcing every rule."""
    require_member(reviewer, revision.speech, "审核")
    if decision == Decision.COMMENT:
        return _comment_decision(revision, reviewer, note)
    if decision == Decision.FINAL_APPROVAL:
        return _final_approval(revision, reviewer, note)
    if decision not in (Decision.APPROVE, Decision.REQUEST_CHANGES):
        raise InvalidInput("未知的审核决定。", "bad_decision")
    if not may_decide(reviewer, decision):
        raise Forbidden("没有审核权限。")
    speech, revision = _locked_latest(revision)
    if decision == Decision.APPROVE:
        return _approve(speech, revision, reviewer, note)
    return _request_changes(speech, revision, reviewer, note)


def may_decide(user, decision: str) -> bool:
    """Whether *user*'s role allows *decision*. An approver (签发人) may send
    a text back but never approve it as a reviewer: that would let one person
    take it from 待审 to 定稿."""
    allowed = {
        Decision.APPROVE: ["drafts.review_revision"],
        Decision.REQUEST_CHANGES: ["drafts.review_revision", "drafts.approve_final"],
        Decision.COMMENT: [
            "drafts.review_revision",
            "drafts.add_revision",
            "drafts.approve_final",
        ],
        Decision.FINAL_APPROVAL: ["drafts.approve_final"],
    }
    return any(user.has_perm(name) for name in allowed.get(decision, []))


def _comment_decision(revision, reviewer, note):
    if not may_decide(reviewer, Decision.COMMENT):
        raise Forbidden("没有发表审阅意见的权限。")
    if not note.strip():
        raise InvalidInput("审阅意见不能为空。", "empty_note")
    speech, revision = _locked(revision)
    return _record(speech, revision, reviewer, Decision.COMMENT, note)


def _approve(speech, revision, reviewer, note):
    if revision.author_id == reviewer.pk:
        raise Forbidden("不能审核通过自己提交的版本。", "own_revision")
    # An approved revision takes further approvals: the one the final
    # approval needs from someone other than its approver may come late.
    if revision.review_state not in (State.SUBMITTED, State.APPROVED):
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "只有待审的版本可以审核通过。",
            "bad_state",
            status=409,
        )
    if speech.final_revision_id == revision.pk:
        raise InvalidInput("此版本已是定稿。", "already_final", status=409)
    if revision.reviews.approvals().filter(reviewer=reviewer).exists():
        raise InvalidInput("您已审核通过此版本。", "already_approved", status=409)
    review = _record(speech, revision, reviewer, Decision.APPROVE, note)
    approvers = revision.reviews.approvals().values("reviewer").distinct().count()
    if (
        approvers >= speech.required_approvals
        and revision.review_state != State.APPROVED
    ):
        _set_state(revision, State.APPROVED)
        notifications.revision_approved(revision)
    return review


def _request_changes(speech, revision, reviewer, note):
    if revision.review_state not in (State.SUBMITTED, State.APPROVED):
        raise InvalidInput(
            f"第{revision.number}版当前为“{revision.get_review_state_display()}”，"
            "无法退回修改。",
            "bad_state",
            status=409,
        )
    if not note.strip():
        raise InvalidInput("退回修改时请写明修改意见。", "empty_note")
    review = _record(speech, revision, reviewer, Decision.REQUEST_CHANGES, note)
    _set_state(revision, State.CHANGES_REQUESTED)
    notifications.revision_sent_back(revision, review.note)
    return review


def _final_approval(revision, approver, note):
    if not approver.has_perm("drafts.approve_final"):
        raise Forbidden("只有签发人可以批准定稿。")
    speech, revision = _locked_latest(revision)
    if revision.author_id == approver.pk:
        raise Forbidden("不能批准自己提交的版本为定稿。", "own_revision")
    if revision.review_state != State.APPROVED:
        raise InvalidInput(
            f"第{revision.number}版尚未审核通过，不能批准为定稿。",
            "not_approved",
            status=409,
        )
    if speech.final_revision_id == revision.pk:
        raise InvalidInput("此版本已是定稿。", "already_final", status=409)
    if not revision.reviews.approvals().exclude(reviewer=approver).exists():
        # Four eyes: nobody, superusers included, takes a text to 定稿 alone.
        raise Forbidden(
            "批准定稿前，须有签发人以外的审核人审核通过此版本。", "four_eyes"
        )
    review = _record(speech, revision, approver, Decision.FINAL_APPROVAL, note)
    _set_speech_status(speech, Speech.Status.FINAL, final_revision=revision)
    notifications.final_approved(revision)
    return review


def last_reviewed_revision(speech: Speech, user) -> Revision | None:
    """Return the newest revision of *speech* that *user* decided on."""
    review = (
        Review.objects.filter(revision__speech=speech, reviewer=user)
        .exclude(decision=Decision.COMMENT)
        .select_related("revision")
        .defer("revision__text", "revision__original_bytes")
        .order_by("-revision__number")
        .first()
    )
    return review.revision if review else None


# Accepting single changes ----------------------------------------------


def revision_from_decisions(
    *,
    base: Revision,
    proposed: Revision,
    accepted: set[int],
    reviewer,
    ignore_punct_width: bool = False,
    ignore_script: bool = False,
) -> Revision:
    """Store *base* with only the *accepted* changes towards *proposed*.

    The new revision is the reviewer's, edited from *proposed*; its note
    lists what was accepted and rejected.
    """
    if base.speech_id != proposed.speech_id:
        raise InvalidInput("两个版本不属于同一篇讲稿。", "base_other_speech")
    require_member(reviewer, proposed.speech, "逐条接受修改")
    if not reviewer.has_perm("drafts.review_revision"):
        raise Forbidden("没有审核权限，不能逐条接受修改。")
    options = {"ignore_punct_width": ignore_punct_width, "ignore_script": ignore_script}
    changes = compare_texts(base.text, proposed.text, **options).changes
    edited = [k for k, change in enumerate(changes) if change.kind != "equal"]
    unknown = set(accepted) - set(edited)
    if unknown:
        raise InvalidInput("所选修改不在这次比较之中，请刷新页面后重试。", "bad_change")
    if set(edited) <= set(accepted):
        raise InvalidInput(
            f"已接受全部修改，结果与第{proposed.number}版相同，无需生成新版本。",
            "unchanged",
        )
    text = accept_changes(base.text, proposed.text, accepted, **options)
    note = _decisions_note(base, proposed, changes, edited, set(accepted))
    return revision_create(
        speech=proposed.speech,
        author=reviewer,
        incoming=IncomingText(text=text, source_kind=Revision.SourceKind.ACCEPTED),
        note=note,
        base=proposed,
    )


def _decisions_note(base, proposed, changes, edited, accepted) -> str:
    def describe(k: int) -> str:
        change = changes[k]
        where = change.new or change.old
        side = "新" if change.new else "原"
        return f"{KIND_LABELS[change.kind]}（{side}第{where[0] + 1}段）"

    taken = [describe(k) for k in edited if k in accepted]
    refused = [describe(k) for k in edited if k not in accepted]
    return (
        f"逐条审阅第{proposed.number}版相对第{base.number}版的修改："
        f"接受 {len(taken)} 处{'：' + '、'.join(taken) if taken else ''}；"
        f"拒绝 {len(refused)} 处{'：' + '、'.join(refused) if refused else ''}。"
    )
