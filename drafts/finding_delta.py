"""Which proofreading findings a newer text introduced and which it fixed.

Pure Python, no Django. A finding is the same in both texts when its code,
flagged text and suggestion agree and its paragraph follows into the new one.
"""

from collections import Counter
from dataclasses import dataclass

from drafts.diffing import Change, split_paragraphs
from drafts.diffing.follow import follow_paragraphs
from drafts.proofing import Issue


@dataclass(frozen=True)
class Finding:
    issue: Issue
    flagged: str  # the characters the finding points at


@dataclass(frozen=True)
class FindingDelta:
    introduced: tuple[Finding, ...]  # in the new text only, in reading order
    fixed: tuple[Finding, ...]  # in the old text only, in reading order


def finding_delta(
    old: str,
    new: str,
    *,
    old_issues: tuple[Issue, ...],
    new_issues: tuple[Issue, ...],
    changes: tuple[Change, ...],
) -> FindingDelta:
    """Return the findings of *new* that *old* lacks, and those it drops.

    *changes* is the comparison of *old* with *new*; an old paragraph that
    was split may reappear in any paragraph its change produced.
    """
    old_found = _findings(old, old_issues)
    new_found = _findings(new, new_issues)
    pool = Counter(_key(finding, finding.issue.paragraph) for finding in new_found)
    targets = _targets(changes)
    fixed = [f for f in old_found if not _take(pool, f, targets)]
    introduced = _leftover(new_found, pool)
    return FindingDelta(tuple(introduced), tuple(fixed))


def _findings(text: str, issues: tuple[Issue, ...]) -> list[Finding]:
    paragraphs = split_paragraphs(text)
    return [
        Finding(issue, paragraphs[issue.paragraph][issue.start : issue.end])
        for issue in issues
    ]


def _key(finding: Finding, paragraph: int) -> tuple:
    issue = finding.issue
    return (issue.code, finding.flagged, issue.suggestion, paragraph)


def _targets(changes: tuple[Change, ...]) -> dict[int, tuple[int, ...]]:
    """Return, per old paragraph, the new paragraphs it may have become:
    where follow_paragraphs puts it first, then the rest of its change."""
    spans = {i: change.new for change in changes for i in change.old}
    targets = {}
    for i, where in follow_paragraphs(changes).items():
        first = () if where.paragraph is None else (where.paragraph,)
        targets[i] = first + tuple(p for p in spans[i] if p != where.paragraph)
    return targets


def _take(pool: Counter, finding: Finding, targets: dict) -> bool:
    for paragraph in targets.get(finding.issue.paragraph, ()):
        key = _key(finding, paragraph)
        if pool[key] > 0:
            pool[key] -= 1
            return True
    return False


def _leftover(found: list[Finding], pool: Counter) -> list[Finding]:
    # Identical findings in one paragraph are interchangeable: the last
    # ones of each kind count as the new ones.
    remaining = Counter(+pool)
    leftover = []
    for finding in reversed(found):
        key = _key(finding, finding.issue.paragraph)
        if remaining[key] > 0:
            remaining[key] -= 1
            leftover.append(finding)
    return leftover[::-1]
