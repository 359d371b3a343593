"""Character diffs inside paired paragraphs, as segments.

Segments never cut a combining sequence; in word mode a deletion starts and
ends on word boundaries of the old text, an insertion on those of the new
text. No deletion and the insertion after it hold the same whole word: a word
left unchanged is shown unchanged. The texts of equal and delete segments
rebuild the old side, equal and insert the new.
"""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from itertools import pairwise

import fast_diff_match_patch
import rjieba

Ops = list[tuple[str, int]]
Run = tuple[int, int, int]  # old start, new start, length of an equal run
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
# Word codes start past the BMP so no code is a surrogate.
_FIRST_CODE = 0x10000


def diff_ops(a: str, b: str) -> Ops:
    """Return the semantic diff of *a* and *b* as (op, length) pairs."""
    # timelimit=0 means "no deadline": a slow diff is never cut short.
    return fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True
    )


def common_length(ops: Ops) -> int:
    """Return how many characters the diff keeps unchanged."""
    return sum(n for op, n in ops if op == "=")


def segments(
    old: str,
    new: str,
    ops: Ops,
    *,
    word: bool,
    keys: tuple[str, str] | None = None,
) -> Segments:
    """Return segments for *ops*, widened to clusters (and words if *word*).

    *keys* are the texts *ops* compare when they are folded forms of *old*
    and *new* (same lengths); equal text is taken from *new*.
    """
    old_key, new_key = keys or (old, new)
    clusters = not (_PLAIN.fullmatch(old) and _PLAIN.fullmatch(new))
    words = _Words(old, new, clusters=clusters)
    runs = equal_runs(ops)
    if word:
        runs = _snap_to_words(runs, words)
    elif clusters:
        allowed = words.cluster_boundary
        runs = [run for run in (_shrink(run, allowed) for run in runs) if run]
    return _emit(old, new, _keep_common_words(runs, old_key, new_key, words))


def equal_runs(ops: Ops) -> list[Run]:
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


class _Words:
    """Word boundaries of both texts, segmented when first asked for, and
    cluster boundaries. A word boundary inside a cluster is no boundary."""

    def __init__(self, old: str, new: str, *, clusters: bool) -> None:
        self.old, self.new, self.clusters = old, new, clusters
        self._bounds: dict[str, list[int]] = {}
        self._sets: dict[str, set[int]] = {}

    def old_bounds(self) -> list[int]:
        return self._side("old")

    def new_bounds(self) -> list[int]:
        return self._side("new")

    def fits(self, a: int, b: int, *, deleted: bool, inserted: bool) -> bool:
        """Return whether a change may end (or start) at *a* in the old text
        and *b* in the new one, given what it deletes and inserts."""
        if deleted and (self._side("old") and a not in self._sets["old"]):
            return False
        if inserted and (self._side("new") and b not in self._sets["new"]):
            return False
        return self.cluster_boundary(a, b)

    def cluster_boundary(self, a: int, b: int) -> bool:
        if not self.clusters:
            return True
        return _is_cluster_start(self.old, a) and _is_cluster_start(self.new, b)

    def _side(self, side: str) -> list[int]:
        if side not in self._bounds:
            text = self.old if side == "old" else self.new
            starts = [start for _, start, _ in rjieba.tokenize(text)]
            if self.clusters:
                starts = [s for s in starts if _is_cluster_start(text, s)]
            self._bounds[side] = sorted({0, *starts, len(text)})
            self._sets[side] = set(self._bounds[side])
        return self._bounds[side]


def _snap_to_words(runs: list[Run], words: _Words) -> list[Run]:
    """Shrink equal runs until each change starts and ends on word
    boundaries: of the old text where it deletes, of the new where it
    inserts. Characters cut off a run join both sides of the change."""
    edited = [list(run) for run in runs]
    ends = (len(words.old), len(words.new))
    k = 0
    while k <= len(edited):
        # Change k lies between equal runs k - 1 and k.
        left = edited[k - 1] if k else None
        right = edited[k] if k < len(edited) else None
        ea, eb = (left[0] + left[2], left[1] + left[2]) if left else (0, 0)
        sa, sb = (right[0], right[1]) if right else ends
        sides = {"deleted": sa > ea, "inserted": sb > eb}
        if left and not words.fits(ea, eb, **sides):
            left[2] -= 1
            if not left[2]:
                del edited[k - 1]
                k -= 1
        elif right and not words.fits(sa, sb, **sides):
            right[0], right[1], right[2] = right[0] + 1, right[1] + 1, right[2] - 1
            if not right[2]:
                del edited[k]
        else:
            k += 1
    return [(a, b, n) for a, b, n in edited]


def _keep_common_words(runs, old_key: str, new_key: str, words: _Words):
    """Split each change that deletes and inserts the same whole word, so the
    word shows as unchanged: the change's words are diffed once more, whole
    word against whole word, without cleanup."""
    out: list[Run] = []
    a = b = 0
    for run in [*runs, (len(old_key), len(new_key), 0)]:
        ra, rb, n = run
        if ra > a and rb > b and not set(old_key[a:ra]).isdisjoint(new_key[b:rb]):
            out.extend(_word_runs(a, ra, b, rb, old_key, new_key, words))
        if n:
            out.append(run)
        a, b = ra + n, rb + n
    return out


def _word_runs(a0, a1, b0, b1, old_key: str, new_key: str, words: _Words):
    old_cuts = _cuts(words.old_bounds(), a0, a1)
    new_cuts = _cuts(words.new_bounds(), b0, b1)
    codes: dict[str, str] = {}
    old_codes = _encode(old_key, old_cuts, codes)
    new_codes = _encode(new_key, new_cuts, codes)
    ops = fast_diff_match_patch.diff(
        old_codes,
        new_codes,
        timelimit=0,
        checklines=False,
        cleanup="No",
        counts_only=True,
    )
    runs, i, j = [], 0, 0
    for op, n in ops:
        if op == "=":
            start, end = old_cuts[i], old_cuts[i + n]
            runs.append((start, new_cuts[j], end - start))
            i, j = i + n, j + n
        elif op == "-":
            i += n
        else:
            j += n
    return runs


def _cuts(bounds: list[int], start: int, end: int) -> list[int]:
    inside = bounds[bisect_right(bounds, start) : bisect_right(bounds, end - 1)]
    return [start, *inside, end]


def _encode(text: str, cuts: list[int], codes: dict[str, str]) -> str:
    tokens = [text[x:y] for x, y in pairwise(cuts)]
    for token in tokens:
        codes.setdefault(token, chr(_FIRST_CODE + len(codes)))
    return "".join(codes[token] for token in tokens)


def _shrink(run: Run, allowed: Callable[[int, int], bool]) -> Run | None:
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
        # Equal text comes from the new side: with folded variants it is
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
