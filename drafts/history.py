"""Checking stored history against its hashes: every revision's text against
its SHA-256, and every speech's chain of decisions link by link. Reads only;
what it finds is reported, never repaired."""

from dataclasses import dataclass

from drafts import hashchain
from drafts.models import Review, Revision, Speech, text_sha256


@dataclass(frozen=True)
class Mismatch:
    speech: str  # the speech's slug
    subject: str  # "第3版" or "审核记录 #12（第3版 · 审核通过）"
    reason: str

    def __str__(self) -> str:
        return f"{self.speech} {self.subject}：{self.reason}"


@dataclass(frozen=True)
class FinalCheck:
    is_intact: bool
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "已校验" if self.is_intact else "校验失败"


def speech_mismatches(speech: Speech) -> list[Mismatch]:
    """Return everything in *speech*'s history that no longer matches."""
    found = list(_revision_mismatches(speech))
    found.extend(_chain_mismatches(speech))
    return found


def history_mismatches():
    """Yield everything in every speech's history that no longer matches."""
    for speech in Speech.objects.order_by("pk"):
        yield from speech_mismatches(speech)


def _revision_mismatches(speech):
    revisions = speech.revisions.only("number", "text", "text_sha256", "speech_id")
    for revision in revisions.iterator(chunk_size=50):
        if text_sha256(revision.text) != revision.text_sha256:
            yield Mismatch(speech.slug, f"第{revision.number}版", "正文与 SHA-256 不符")


def _chain_mismatches(speech):
    link = hashchain.genesis_hash(speech.pk)
    reviews = (
        Review.objects.filter(revision__speech_id=speech.pk)
        .select_related("revision")
        .defer("revision__text", "revision__original_bytes")
        .order_by("id")
    )
    for review in reviews.iterator(chunk_size=200):
        for reason in _review_reasons(review, link):
            yield Mismatch(speech.slug, _review_subject(review), reason)
        link = review.entry_hash


def _review_reasons(review: Review, link: str) -> list[str]:
    reasons = []
    if review.previous_hash != link:
        reasons.append("哈希链断裂：与前一条审核记录不衔接")
    if not review.is_intact():
        reasons.append("记录内容与其哈希不符")
    if review.content_sha256 != review.revision.text_sha256:
        reasons.append("所审文本的 SHA-256 与版本不符")
    return reasons


def _review_subject(review: Review) -> str:
    return (
        f"审核记录 #{review.pk}（第{review.revision.number}版 · "
        f"{review.get_decision_display()}）"
    )


def verify_final(speech: Speech) -> FinalCheck | None:
    """Check the final text: its hash, and the signed decision that made it
    final. Costs the same whatever the length of the history."""
    if speech.final_revision_id is None:
        return None
    revision = Revision.objects.get(pk=speech.final_revision_id)
    signature = (
        Review.objects.filter(
            revision=revision, decision=Review.Decision.FINAL_APPROVAL
        )
        .select_related("revision")
        .first()
    )
    reasons = []
    if not revision.has_intact_text():
        reasons.append("定稿正文与其 SHA-256 不符")
    if signature is None:
        reasons.append("找不到批准定稿的记录")
    else:
        if signature.content_sha256 != revision.text_sha256:
            reasons.append("批准定稿时的文本与现存文本不符")
        if not signature.is_intact():
            reasons.append("批准定稿的记录与其哈希不符")
    return FinalCheck(not reasons, tuple(reasons))
