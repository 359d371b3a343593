"""What waits for a user on the home page: revisions to review, revisions
sent back to them, revisions awaiting final approval; each among the
speeches the user is a member of, latest revisions only."""

from dataclasses import dataclass

from django.db.models import F

from drafts.models import Review, Revision

SHOWN = 10  # rows listed per group; the count says how many there are


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    rows: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def inbox(user) -> list[Group]:
    """Return the groups worth showing to *user*, in the order they matter."""
    groups = []
    if user.has_perm("drafts.review_revision"):
        groups.append(_group("to-review", "待我审核", _to_review(user)))
    groups.append(_group("sent-back", "退回给我的", _sent_back(user)))
    if user.has_perm("drafts.approve_final"):
        groups.append(_group("to-sign", "待签发", _to_sign(user)))
    return groups


def _group(key: str, title: str, revisions) -> Group:
    rows = list(revisions[:SHOWN])
    count = len(rows) if len(rows) < SHOWN else revisions.count()
    return Group(key, title, rows, count)


def _latest_of_my_speeches(user):
    return (
        Revision.objects.filter(
            pk=F("speech__latest_revision_id"), speech__memberships__user=user
        )
        .select_related("speech", "author")
        .defer("text", "original_bytes", "import_notices", "speech__description")
        .order_by("-created_at", "-pk")
    )


def _to_review(user):
    approved_by_me = Review.objects.filter(
        reviewer=user, decision=Review.Decision.APPROVE
    ).values("revision")
    return (
        _latest_of_my_speeches(user)
        .filter(review_state=Revision.ReviewState.SUBMITTED)
        .exclude(author=user)
        .exclude(pk__in=approved_by_me)
    )


def _sent_back(user):
    return _latest_of_my_speeches(user).filter(
        author=user, review_state=Revision.ReviewState.CHANGES_REQUESTED
    )


def _to_sign(user):
    return (
        _latest_of_my_speeches(user)
        .filter(review_state=Revision.ReviewState.APPROVED)
        .exclude(author=user)
        .exclude(speech__final_revision_id=F("pk"))
    )
