"""Character diffs inside paired paragraphs, as segments.

Segments never cut a combining sequence or a word (in word mode): the texts
of equal and delete segments rebuild the old side, equal and insert the new.
"""

import re
import unicodedata
from collections.abc import Callable

import fast_diff_match_patch
import rjieba

Ops = list[tuple[str, int]]
Segments = tuple[tuple[str, str], ...]
_ZWJ = "\u200d"
_MARKS = frozenset({"Mn", "Mc", "Me"})
# Characters that never combine with their neighbours: Latin and Greek up to
# the combining diacritics, general punctuation but the ZWJ, CJK punctuation
# but its tone and kana marks, kana, CJK ideographs, full-width forms.
# tests/diffing checks the class against unicodedata.
_PLAIN_CHARS = (
    "\u0000-\u02ff\u2000-\u200c\u200e-\u206f\u3000-\u3029"
    "\u3030-\u3098\u309b-\u9fff\uff00-\uffef"
)
_PLAIN = re.compile(f"[{_PLAIN_CHARS}]*")


def diff_ops(a: str, b: str) -> Ops:
    """Return the semantic diff of *a* and *b* as (op, length) pairs."""
    # timelimit=0 means "no deadline": a slow diff is never cut short.
    return fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True
    )


def common_length(ops: Ops) -> int:
    """Return how many characters the diff keeps unchanged."""
    return sum(n for op, n in ops if op == "=")


def segments(old: str, new: str, ops: Ops, *, word: bool) -> Segments:
    """Return segments for *ops*, widened to clusters (and words if *word*)."""
    plain = _PLAIN.fullmatch(old) and _PLAIN.fullmatch(new)
    if plain and not word:
        # No position of a plain text falls inside a cluster.
        return _emit(old, new, equal_runs(ops))
    if word:
        allowed = _word_boundary(old, new, clusters=not plain)
    else:
        allowed = _cluster_boundary(old, new)
    runs = (_shrink(run, allowed) for run in equal_runs(ops))
    return _emit(old, new, [run for run in runs if run])


def equal_runs(ops: Ops) -> list[tuple[int, int, int]]:
    runs, a, b = [], 0, 0
    for op, n in ops:
        if op == "=":
            runs.append((a, b, n))
            a, b = a + n, b + n
        elif op == "-":
            a += n
        else:
            b += n
    return runs


def _shrink(run, allowed: Callable[[int, int], bool]):
    # Characters cut off an equal run join the neighbouring change.
    a, b, n = run
    start, end = 0, n
    while start < end and not allowed(a + start, b + start):
        start += 1
    while end > start and not allowed(a + end, b + end):
        end -= 1
    return (a + start, b + start, end - start) if end > start else None


def _emit(old: str, new: str, runs) -> Segments:
    out, a, b = [], 0, 0
    for ra, rb, n in runs:
        _gap(out, old[a:ra], new[b:rb])
        # Equal text comes from the new side: with folded punctuation it is
        # the wording the reader keeps.
        out.append(("equal", new[rb : rb + n]))
        a, b = ra + n, rb + n
    _gap(out, old[a:], new[b:])
    return tuple(out)


def _gap(out: list, deleted: str, inserted: str) -> None:
    if deleted:
        out.append(("delete", deleted))
    if inserted:
        out.append(("insert", inserted))


def _cluster_boundary(old: str, new: str) -> Callable[[int, int], bool]:
    def allowed(a: int, b: int) -> bool:
        return _is_cluster_start(old, a) and _is_cluster_start(new, b)

    return allowed


def _word_boundary(old: str, new: str, *, clusters: bool) -> Callable[[int, int], bool]:
    old_words, new_words = _word_starts(old), _word_starts(new)

    def allowed(a: int, b: int) -> bool:
        if a not in old_words and b not in new_words:
            return False
        return not clusters or (_is_cluster_start(old, a) and _is_cluster_start(new, b))

    return allowed


def _word_starts(text: str) -> set[int]:
    starts = {start for _, start, _ in rjieba.tokenize(text)}
    starts.add(len(text))
    return starts


def _is_cluster_start(text: str, pos: int) -> bool:
    if pos <= 0 or pos >= len(text):
        return True
    char = text[pos]
    if "\u3100" <= char <= "\u9fff" or char < "\u0300":
        # CJK and ASCII: the common case, never combining.
        return text[pos - 1] != _ZWJ
    if text[pos - 1] == _ZWJ or char == _ZWJ:
        return False
    return unicodedata.category(char) not in _MARKS and not _is_modifier(char)


def _is_modifier(char: str) -> bool:
    # Emoji skin tones are symbols (Sk) yet belong to the emoji before them.
    return "\U0001f3fb" <= char <= "\U0001f3ff"
