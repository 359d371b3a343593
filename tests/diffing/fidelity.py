"""How faithfully marks follow words: cut words and re-marked words.

A mark *cuts* a word when a delete segment starts or ends strictly inside a
word of the old text's segmentation (rjieba), or an insert segment inside a
word of the new text's. A change *re-marks* an unchanged word when one of its
delete segments holds a whole word of the old segmentation and the insert
segment next to it holds the same word, whole, in the new segmentation.
benchmarks/eval_fidelity.py counts both on human corrections.
"""

import unicodedata
from typing import NamedTuple

import fast_diff_match_patch
import rjieba

ZWJ = "\u200d"


class Mark(NamedTuple):
    op: str
    start: int  # in the old text for a deletion, in the new for an insertion
    end: int


def words(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each word of *text*; a word that starts
    inside a character cluster (a combining accent, a skin tone, a joined
    emoji) belongs to the word before it."""
    spans: list[tuple[int, int]] = []
    for _, start, end in rjieba.tokenize(text):
        if spans and _joins(text, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _joins(text: str, pos: int) -> bool:
    char = text[pos]
    return (
        unicodedata.category(char).startswith("M")
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or ZWJ in (char, text[pos - 1])
    )


def marks(segments) -> list[Mark | None]:
    """Return each segment's mark: its span if it deletes or inserts."""
    out: list[Mark | None] = []
    a = b = 0
    for op, text in segments:
        if op == "delete":
            out.append(Mark(op, a, a + len(text)))
        elif op == "insert":
            out.append(Mark(op, b, b + len(text)))
        else:
            out.append(None)
        a += 0 if op == "insert" else len(text)
        b += 0 if op == "delete" else len(text)
    return out


def cuts(old: str, new: str, segments) -> list[Mark]:
    """Return the marks that cut a word of the side they are drawn on."""
    inside = {"delete": _inside(old), "insert": _inside(new)}
    return [
        mark
        for mark in marks(segments)
        if mark and (mark.start in inside[mark.op] or mark.end in inside[mark.op])
    ]


def remarked(old: str, new: str, segments) -> list[str]:
    """Return the whole words deleted and re-inserted next to each other."""
    old_words, new_words = words(old), words(new)
    found, listed = [], marks(segments)
    for deletion, insertion in zip(listed, listed[1:], strict=False):
        if (
            deletion
            and insertion
            and (deletion.op, insertion.op)
            == (
                "delete",
                "insert",
            )
        ):
            deleted = _whole(old, old_words, deletion)
            found += [w for w in _whole(new, new_words, insertion) if w in deleted]
    return found


def unchanged_words(old: str, new: str) -> int:
    """Return how many words of *old* a word-by-word diff keeps unchanged."""
    codes: dict[str, str] = {}
    old_codes, new_codes = _codes(old, codes), _codes(new, codes)
    ops = fast_diff_match_patch.diff(
        old_codes,
        new_codes,
        timelimit=0,
        checklines=False,
        cleanup="No",
        counts_only=True,
    )
    return sum(n for op, n in ops if op == "=")


def _codes(text: str, codes: dict[str, str]) -> str:
    tokens = [text[start:end] for start, end in words(text)]
    return "".join(codes.setdefault(t, chr(0x10000 + len(codes))) for t in tokens)


def _inside(text: str) -> set[int]:
    return {pos for start, end in words(text) for pos in range(start + 1, end)}


def _whole(text: str, spans, mark: Mark) -> list[str]:
    return [text[s:e] for s, e in spans if mark.start <= s and e <= mark.end]
