"""The revision page's review, comment and proofreading panels, shaped so that
templates draw them without logic of their own. The text is cut into plain and
marked pieces here, and each paragraph drawn to HTML with every piece escaped:
a template run per piece cost most of a long revision page's time."""

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from drafts import access, services
from drafts.diffing import split_paragraphs
from drafts.models import Review, Revision
from drafts.proofing.numerals import to_chinese

State = Revision.ReviewState
CODE_LABELS = {
    "heading_gap": "序号跳号",
    "heading_repeat": "序号重复",
    "heading_order": "序号层级",
    "heading_missing_number": "缺少序号",
    "half_width_punct": "标点宽度",
    "doubled_punct": "重复标点",
    "unbalanced_pair": "符号不配对",
    "nested_title": "书名号嵌套",
    "repeated_word": "重复字词",
}
OUTLINE_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}


@dataclass(frozen=True)
class Finding:
    index: int  # position in revision_findings(); what the fixes form posts
    issue: object  # drafts.proofing.Issue
    is_marked: bool  # False when an earlier finding already marks its place

    @property
    def paragraph_number(self) -> int:
        return self.issue.paragraph + 1

    @property
    def label(self) -> str:
        return CODE_LABELS.get(self.issue.code, self.issue.code)


@dataclass(frozen=True)
class Piece:
    text: str
    finding: Finding | None = None  # the finding that marks it


@dataclass(frozen=True)
class OutlineEntry:
    marker: str  # "一、", "（二）", "3."
    title: str
    paragraph_number: int
    children: tuple["OutlineEntry", ...]


@dataclass(frozen=True)
class ParagraphRow:
    number: int  # 1-based, as shown and as in the anchor #p<number>
    pieces: tuple[Piece, ...]
    comments: tuple  # PlacedComment

    @property
    def index(self) -> int:
        return self.number - 1

    @property
    def drawn(self) -> SafeString:
        """Return the pieces as HTML, each finding's piece marked."""
        return mark_safe("".join(map(_drawn_piece, self.pieces)))


def _drawn_piece(piece: Piece) -> str:
    text = escape(piece.text)
    if piece.finding is None:
        return text
    issue = piece.finding.issue
    return (
        f'<mark class="finding code-{escape(issue.code)}" '
        f'id="f{piece.finding.index}" title="{escape(issue.message)}">{text}</mark>'
    )


@dataclass(frozen=True)
class ReviewActions:
    """The review forms that apply to one user on one revision."""

    submit: bool = False
    approve: bool = False
    request_changes: bool = False
    comment: bool = False
    final_approval: bool = False
    fixes: bool = False

    @property
    def decide(self) -> bool:
        return self.approve or self.request_changes or self.final_approval


@dataclass(frozen=True)
class RevisionPanels:
    rows: tuple[ParagraphRow, ...]
    findings: tuple[Finding, ...]
    metrics: object  # drafts.proofing.Metrics
    outline: tuple[OutlineEntry, ...]
    lost_comments: tuple  # PlacedComment whose paragraph is gone
    open_comments: int
    reviews: tuple
    actions: ReviewActions
    since_review: Revision | None


def revision_panels(revision: Revision, user) -> RevisionPanels:
    """Return everything the revision page draws besides its header."""
    result = services.revision_findings(revision)
    findings, marks = _findings(result.issues)
    placed = services.comments_for(revision)
    by_paragraph = defaultdict(list)
    for item in placed:
        by_paragraph[item.paragraph].append(item)
    return RevisionPanels(
        rows=_rows(split_paragraphs(revision.text), marks, by_paragraph),
        findings=findings,
        metrics=result.metrics,
        outline=outline_entries(result.metrics.outline),
        lost_comments=tuple(by_paragraph[None]),
        open_comments=sum(1 for item in placed if not item.comment.is_resolved),
        reviews=tuple(revision.reviews.select_related("reviewer")),
        actions=review_actions(revision, user),
        since_review=since_last_review(revision.speech, user),
    )


def _rows(paragraphs, marks, comments) -> tuple[ParagraphRow, ...]:
    return tuple(
        ParagraphRow(k + 1, marked_pieces(text, marks[k]), tuple(comments[k]))
        for k, text in enumerate(paragraphs)
    )


def _findings(issues) -> tuple[tuple[Finding, ...], dict[int, list]]:
    marks = defaultdict(list)
    findings = []
    ends = defaultdict(int)
    for index, issue in sorted(enumerate(issues), key=lambda pair: pair[1].sort_key()):
        finding = Finding(
            index, issue, is_marked=issue.end > max(issue.start, ends[issue.paragraph])
        )
        if finding.is_marked:
            marks[issue.paragraph].append((issue.start, issue.end, finding))
            ends[issue.paragraph] = issue.end
        findings.append(finding)
    return tuple(sorted(findings, key=lambda f: f.index)), marks


def marked_pieces(text: str, marks: list[tuple]) -> tuple[Piece, ...]:
    """Cut *text* into plain pieces and pieces marked by a finding.

    *marks* are (start, end, finding) sorted by start; a mark overlapping the
    one before it is clipped to where that one ends.
    """
    pieces, cursor = [], 0
    for start, end, finding in marks:
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], finding))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return tuple(pieces)


def outline_entries(nodes) -> tuple[OutlineEntry, ...]:
    """Return the heading outline with each heading's number as written."""
    return tuple(
        OutlineEntry(
            marker=OUTLINE_MARKERS[node.level].format(
                to_chinese(node.number) if node.level <= 2 else node.number
            ),
            title=node.title,
            paragraph_number=node.paragraph + 1,
            children=outline_entries(node.children),
        )
        for node in nodes
    )


def review_actions(revision: Revision, user) -> ReviewActions:
    """Return the forms worth showing; the services enforce the rules anyway."""
    speech = revision.speech
    if not access.is_member(user, speech):
        return ReviewActions()
    if speech.latest_revision_id != revision.pk:
        return ReviewActions(comment=_may_comment(user))
    state = revision.review_state
    reviewer = user.has_perm("drafts.review_revision")
    is_own = revision.author_id == user.pk
    is_final = speech.final_revision_id == revision.pk
    return ReviewActions(
        submit=state == State.DRAFT and user.has_perm("drafts.add_revision"),
        approve=reviewer
        and (state == State.SUBMITTED or (state == State.APPROVED and not is_final))
        and not is_own
        and not revision.reviews.approvals().filter(reviewer=user).exists(),
        request_changes=services.may_decide(user, Review.Decision.REQUEST_CHANGES)
        and (state == State.SUBMITTED or (state == State.APPROVED and not is_final)),
        comment=_may_comment(user),
        final_approval=user.has_perm("drafts.approve_final")
        and state == State.APPROVED
        and not is_own
        and not is_final
        and revision.reviews.approvals().exclude(reviewer=user).exists(),
        fixes=user.has_perm("drafts.add_revision"),
    )


def _may_comment(user) -> bool:
    return services.may_decide(user, Review.Decision.COMMENT)


def since_last_review(speech, user) -> Revision | None:
    """Return the revision *user* last decided on, when newer ones followed."""
    reviewed = services.last_reviewed_revision(speech, user)
    if reviewed is None or reviewed.pk == speech.latest_revision_id:
        return None
    return reviewed
