"""Proofreading a revision and storing its mechanical fixes as a new one."""

from drafts.diffing import split_paragraphs
from drafts.digests import proofread_result
from drafts.errors import InvalidInput
from drafts.models import Revision
from drafts.proofing import apply_fixes
from drafts.services.incoming import IncomingText
from drafts.services.revisions import revision_create


def revision_findings(revision: Revision):
    """Return the proofreading result of *revision*'s text, computed once."""
    return proofread_result(revision)


def revision_apply_fixes(*, revision: Revision, user, chosen: list[int]) -> Revision:
    """Store *revision* with the chosen mechanical fixes applied, as a new
    revision; *chosen* indexes the findings of revision_findings()."""
    issues = revision_findings(revision).issues
    if not chosen:
        raise InvalidInput("请至少选择一处可自动修正的问题。", "no_fixes")
    if any(not 0 <= k < len(issues) or not issues[k].is_mechanical for k in chosen):
        raise InvalidInput("所选问题无法自动修正，请刷新页面后重试。", "bad_fix")
    picked = [issues[k] for k in sorted(set(chosen))]
    text = apply_fixes(revision.text, picked)
    listed = "；".join(
        f"第{i.paragraph + 1}段“{_flagged(revision.text, i)}”改为“{i.suggestion}”"
        for i in picked
    )
    return revision_create(
        speech=revision.speech,
        author=user,
        incoming=IncomingText(text=text, source_kind=Revision.SourceKind.PROOFREAD),
        note=f"校对修正 {len(picked)} 处：{listed}",
        base=revision,
    )


def _flagged(text: str, issue) -> str:
    return split_paragraphs(text)[issue.paragraph][issue.start : issue.end]
