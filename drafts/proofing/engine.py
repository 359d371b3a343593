"""The proofread() entry point: run every check over the paragraphs of a text."""

from .headings import check_headings
from .metrics import measure
from .pairs import check_pairs
from .paragraphs import split_paragraphs
from .punctuation import check_punctuation
from .repeats import check_repeats
from .result import Issue, ProofreadResult


def proofread(text: str, *, chars_per_minute: int = 220) -> ProofreadResult:
    """Return the issues and metrics of *text*, issues sorted by position."""
    if isinstance(chars_per_minute, bool) or not isinstance(chars_per_minute, int):
        raise TypeError("chars_per_minute must be an int")
    if chars_per_minute <= 0:
        raise ValueError("chars_per_minute must be positive")
    paragraphs = split_paragraphs(text)
    issues, outline = check_headings(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        issues += _check_paragraph(paragraphs, index, paragraph)
    issues = _drop_duplicate_spans(issues)
    return ProofreadResult(
        issues=tuple(sorted(issues, key=Issue.sort_key)),
        metrics=measure(paragraphs, outline, chars_per_minute),
    )


def _check_paragraph(paragraphs: list[str], index: int, paragraph: str) -> list:
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    return [
        *check_punctuation(index, paragraph),
        *check_pairs(index, paragraph, quote_continues=following.startswith("“")),
        *check_repeats(index, paragraph),
    ]


def _drop_duplicate_spans(issues: list[Issue]) -> list[Issue]:
    """Drop an unbalanced ")" that is really a heading's lost number, "）正文"."""
    headings = {(i.paragraph, i.start) for i in issues if i.code.startswith("heading")}
    return [
        issue
        for issue in issues
        if not (
            issue.code == "unbalanced_pair"
            and (issue.paragraph, issue.start) in headings
        )
    ]
