"""Character diffs inside paired paragraphs, as segments.

Segments never cut a combining sequence; in word mode a deletion starts and
ends on word boundaries of the old text, an insertion on those of the new
text. No deletion and the insertion after it hold the same whole word: a word
left unchanged is shown unchanged. The texts of equal and delete segments
rebuild the old side, equal and insert the new.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate, pairwise

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


def code_ops(a: str, b: str) -> Ops:
    """Return the exact diff of two strings of codes (one per paragraph or
    word), with no cleanup: a code matches whole or not at all."""
    return fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True
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
    shown: tuple[str, str] | None = None,
) -> Segments:
    """Return segments for *ops*, widened to clusters (and words if *word*).

    *ops* may compare folded forms of *old* and *new* (same lengths); the
    texts are then *shown* as compared: with the ignored variants folded, the
    others not. Equal text is taken from *new*.
    """
    old_shown, new_shown = shown or (old, new)
    clusters = not (_PLAIN.fullmatch(old) and _PLAIN.fullmatch(new))
    words = _Words(old, new, clusters=clusters)
    runs = equal_runs(ops)
    if shown:
        runs = _split_unequal(runs, old_shown, new_shown)
    if word:
        runs = _snap_to_words(runs, words)
    elif clusters:
        allowed = words.cluster_boundary
        runs = [run for run in (_shrink(run, allowed) for run in runs) if run]
    return _emit(old, new, _keep_common_words(runs, old_shown, new_shown, words))


def _split_unequal(runs: list[Run], old: str, new: str) -> list[Run]:
    """Return *runs* less the characters that differ between *old* and
    *new*: the folds the diff saw through that the reader must see."""
    out: list[Run] = []
    for a, b, n in runs:
        if old[a : a + n] == new[b : b + n]:
            out.append((a, b, n))
            continue
        start = 0
        for k in range(n + 1):
            if k == n or old[a + k] != new[b + k]:
                if k > start:
                    out.append((a + start, b + start, k - start))
                start = k + 1
    return out


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
    """Word boundaries of both texts (segmented when first asked for) and
    cluster boundaries. A word boundary inside a cluster is no boundary."""

    def __init__(self, old: str, new: str, *, clusters: bool) -> None:
        self.old, self.new, self.clusters = old, new, clusters
        self._bounds: dict[tuple[str, int, int], list[int]] = {}
        self._sets: dict[str, frozenset[int]] = {}
        self._backwards: dict[str, str] = {}

    def fits(self, a: int, b: int, *, deleted: bool, inserted: bool) -> bool:
        """Return whether a change may end (or start) at *a* in the old text
        and *b* in the new one, given what it deletes and inserts."""
        if deleted and a not in self._set("old"):
            return False
        if inserted and b not in self._set("new"):
            return False
        return self.cluster_boundary(a, b)

    def cluster_boundary(self, a: int, b: int) -> bool:
        if not self.clusters:
            return True
        return _is_cluster_start(self.old, a) and _is_cluster_start(self.new, b)

    def cuts(self, side: str, start: int, end: int) -> list[int]:
        """Return *start*, the word boundaries between, and *end*.

        jieba segments each run of text between punctuation marks on its
        own: the runs holding *start* to *end* are segmented alone."""
        text = self.old if side == "old" else self.new
        # The separator before *start* is the first one after it in the
        # reversed text: both found by the regex engine, not a Python loop.
        before = _SEPARATOR.search(self._reversed(side, text), len(text) - start)
        run_start = len(text) - before.start() if before else 0
        after = _SEPARATOR.search(text, end)
        run_end = after.start() if after else len(text)
        bounds = self._segmented(side, text, run_start, run_end)
        inside = bounds[bisect_right(bounds, start) : bisect_left(bounds, end)]
        return [start, *inside, end]

    def _reversed(self, side: str, text: str) -> str:
        if side not in self._backwards:
            self._backwards[side] = text[::-1]
        return self._backwards[side]

    def _segmented(self, side: str, text: str, start: int, end: int) -> list[int]:
        key = (side, start, end)
        if key not in self._bounds:
            ends = accumulate(map(len, rjieba.cut(text[start:end])), initial=start)
            bounds = list(ends)
            if self.clusters:
                bounds = [x for x in bounds if _is_cluster_start(text, x)]
            self._bounds[key] = bounds
        return self._bounds[key]

    def _set(self, side: str) -> frozenset[int]:
        if side not in self._sets:
            text = self.old if side == "old" else self.new
            self._sets[side] = frozenset(self._segmented(side, text, 0, len(text)))
        return self._sets[side]


# jieba's runs end at anything but Han characters, ASCII letters and digits,
# a few joining signs and white space: each such mark is a word of its own.
_SEPARATOR = re.compile(r"[^\u4e00-\u9fd5a-zA-Z0-9+#&._%\-\s]")


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
    gaps, a, b = [], 0, 0
    for ra, rb, n in [*runs, (len(old_key), len(new_key), 0)]:
        # Only a change with characters on both sides can hold a common word.
        if ra > a and rb > b and not set(old_key[a:ra]).isdisjoint(new_key[b:rb]):
            gaps.append((a, ra, b, rb))
        a, b = ra + n, rb + n
    found = [run for gap in gaps for run in _word_runs(*gap, old_key, new_key, words)]
    return _joined(sorted(runs + found)) if found else runs


def _word_runs(a0, a1, b0, b1, old_key: str, new_key: str, words: _Words):
    old_cuts, new_cuts = words.cuts("old", a0, a1), words.cuts("new", b0, b1)
    old_words = [old_key[x:y] for x, y in pairwise(old_cuts)]
    new_words = [new_key[x:y] for x, y in pairwise(new_cuts)]
    # Only words found on both sides can match: the diff of those alone finds
    # the same longest common sequence, and faster.
    common = set(old_words).intersection(new_words)
    if not common:
        return []
    old_at = [i for i, w in enumerate(old_words) if w in common]
    new_at = [j for j, w in enumerate(new_words) if w in common]
    codes: dict[str, str] = {}
    for i in old_at:
        codes.setdefault(old_words[i], chr(_FIRST_CODE + len(codes)))
    old_codes = "".join([codes[old_words[i]] for i in old_at])
    new_codes = "".join([codes[new_words[j]] for j in new_at])
    if old_codes == new_codes:
        pairs = zip(old_at, new_at, strict=True)
    else:
        pairs = _matched(old_codes, new_codes, old_at, new_at)
    return [(old_cuts[i], new_cuts[j], old_cuts[i + 1] - old_cuts[i]) for i, j in pairs]


def _matched(old_codes: str, new_codes: str, old_at: list, new_at: list):
    """Return the pairs of positions a diff of the codes keeps equal."""
    pairs, p, q = [], 0, 0
    for op, n in code_ops(old_codes, new_codes):
        if op == "=":
            pairs += zip(old_at[p : p + n], new_at[q : q + n], strict=True)
        p += 0 if op == "+" else n
        q += 0 if op == "-" else n
    return pairs


def _joined(runs: list[Run]) -> list[Run]:
    """Return *runs* with those that continue one another made one."""
    out: list[Run] = []
    for a, b, n in runs:
        if out and out[-1][0] + out[-1][2] == a and out[-1][1] + out[-1][2] == b:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((a, b, n))
    return out


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
    for ra, rb, n in [*runs, (len(old), len(new), 0)]:
        if ra > a:
            out.append(("delete", old[a:ra]))
        if rb > b:
            out.append(("insert", new[b:rb]))
        if n:
            # Equal text comes from the new side: with folded variants it is
            # the wording the reader keeps.
            out.append(("equal", new[rb : rb + n]))
        a, b = ra + n, rb + n
    return tuple(out)


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
