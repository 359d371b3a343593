"""Split texts into paragraphs and fold punctuation width.

A paragraph is one non-empty line stripped of surrounding white space, so
layout alone (indentation, blank lines, line endings) never makes a change.
"""

import re

_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
# str.strip() knows every Unicode space (U+3000, NBSP, ...) but not the BOM;
# all characters Python calls white space lie below U+3001.
_EDGE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"
_FULL_WIDTH = "；！，：？（）"
_HALF_WIDTH = ";!,:?()"
# str.translate goes through a per-character table lookup and is slow on
# CJK text; a few str.replace passes give the same result far faster.
_FOLD = tuple(zip(_FULL_WIDTH, _HALF_WIDTH, strict=True))


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty, stripped lines of *text* in reading order."""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        raw = _LINE_BREAK.split(text)
    else:
        raw = text.split("\n")
    lines = (line.strip(_EDGE_SPACE) for line in raw)
    return [line for line in lines if line]


def fold_punct_width(text: str) -> str:
    """Return *text* with full-width punctuation replaced by its ASCII form.

    One character maps to one character, so positions stay valid in the
    original text.
    """
    for full, half in _FOLD:
        if full in text:
            text = text.replace(full, half)
    return text


def visible_length(text: str) -> int:
    """Return the number of characters of *text* that are not white space."""
    return sum(map(len, text.split()))
