"""Shared assertions for the proofing tests."""

from drafts.proofing import proofread


def findings(text: str, code: str | None = None) -> list[tuple]:
    """Return (code, paragraph, start, end, suggestion) of each issue in *text*."""
    return [
        (issue.code, issue.paragraph, issue.start, issue.end, issue.suggestion)
        for issue in proofread(text).issues
        if code is None or issue.code == code
    ]


def assert_clean(text: str) -> None:
    issues = [issue.to_dict() for issue in proofread(text).issues]
    assert issues == []
