"""Split text into paragraphs exactly as the diff engine does.

A paragraph is one line (CRLF, CR, LF, U+2028, U+2029 break lines) stripped of
white space, U+3000, NBSP and BOM; empty lines are dropped.
"""

import re

_LINE_BREAK = re.compile("\r\n|\r|\n|\u2028|\u2029")
_BLANKS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets in *text* of each stripped paragraph."""
    spans = []
    line_start = 0
    for match in _LINE_BREAK.finditer(text):
        _add_span(spans, text, line_start, match.start())
        line_start = match.end()
    _add_span(spans, text, line_start, len(text))
    return spans


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty, stripped lines of *text*."""
    return [text[start:end] for start, end in paragraph_spans(text)]


def _add_span(spans: list, text: str, start: int, end: int) -> None:
    line = text[start:end]
    lead = len(line) - len(line.lstrip(_BLANKS))
    content = line.strip(_BLANKS)
    if content:
        spans.append((start + lead, start + lead + len(content)))
