"""Apply chosen mechanical fixes to the original text, keeping its layout."""

from collections.abc import Iterable, Mapping

from .paragraphs import paragraph_spans
from .result import MECHANICAL_CODES, Issue


def apply_fixes(text: str, issues: Iterable[Issue | Mapping]) -> str:
    """Return *text* with the suggestions of the mechanical *issues* applied.

    Issues come from proofread(text) as objects or their to_dict(); those
    without a mechanical fix are skipped. Line breaks and indentation stay.
    """
    spans = paragraph_spans(text)
    edits = sorted(_edit(spans, issue) for issue in issues if _is_mechanical(issue))
    pieces, position = [], 0
    for start, end, replacement in edits:
        if start < position:
            raise ValueError("overlapping fixes")
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _is_mechanical(issue: Issue | Mapping) -> bool:
    if isinstance(issue, Issue):
        return issue.is_mechanical
    return issue["code"] in MECHANICAL_CODES and issue["suggestion"] is not None


def _edit(spans: list, issue: Issue | Mapping) -> tuple[int, int, str]:
    fields = issue.to_dict() if isinstance(issue, Issue) else issue
    index, start, end = fields["paragraph"], fields["start"], fields["end"]
    if not 0 <= index < len(spans):
        raise ValueError(f"no paragraph {index}")
    offset, paragraph_end = spans[index]
    if not 0 <= start <= end <= paragraph_end - offset:
        raise ValueError(f"offsets {start}:{end} outside paragraph {index}")
    return offset + start, offset + end, fields["suggestion"]
