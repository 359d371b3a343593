"""Cached paragraph diffs, similarities and cheap bigram prefilters.

Similarity is 2 * unchanged characters / total characters of a semantic
character diff, computed once per pair and reused for the segments.
"""

import heapq
import sys
from collections.abc import Sequence

from .caps import Allowance
from .inline import Ops, common_length, diff_ops
from .paragraphs import fold_punct_width

Ids = tuple[int, ...]
Grams = frozenset[int | str]
_BIG_ENDIAN = sys.byteorder == "big"
_SKETCH_SIZE = 32
_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


class Work:
    """The engine's work so far in this process, for tests that bound it
    without a clock: full diffs, their cells ((total length) * (edit length
    + 1), the shape of a Myers diff's cost) and bigram set comparisons."""

    diffs = 0
    cells = 0
    comparisons = 0


class PairDiffer:
    """Diff groups of old paragraphs against groups of new ones, once each."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.old, self.new = old, new
        self._ops: dict[tuple[Ids, Ids], Ops] = {}
        self._old_grams: dict[int, Grams] = {}
        self._new_grams: dict[int, Grams] = {}
        self._dice: dict[tuple[int, int], float] = {}
        self._old_sketches: dict[int, frozenset[int]] = {}
        self._new_sketches: dict[int, frozenset[int]] = {}
        # Speculative searches ask it before a diff; align() renews it.
        self.allowance = Allowance(0)

    def ops(self, old_ids: Ids, new_ids: Ids, *, free: bool = False) -> Ops:
        """Return the diff of the two groups; unless *free*, a new one is
        charged to the allowance."""
        key = (old_ids, new_ids)
        if key not in self._ops:
            old, new = self.old_text(old_ids), self.new_text(new_ids)
            ops = self._ops[key] = diff_ops(old, new)
            total = len(old) + len(new)
            cells = total * (total - 2 * common_length(ops) + 1)
            if not free:
                self.allowance.spend(cells)
            Work.diffs += 1
            Work.cells += cells
        return self._ops[key]

    def similarity(
        self, old_ids: Ids, new_ids: Ids, *, free: bool = False
    ) -> tuple[float, int]:
        """Return (similarity, unchanged characters) of the two groups."""
        common = common_length(self.ops(old_ids, new_ids, free=free))
        total = len(self.old_text(old_ids)) + len(self.new_text(new_ids))
        return (2 * common / total if total else 1.0), common

    def old_text(self, ids: Ids) -> str:
        return "\n".join(self.old[i] for i in ids)

    def new_text(self, ids: Ids) -> str:
        return "\n".join(self.new[i] for i in ids)

    def forget_grams(self) -> None:
        """Drop cached bigrams; a block's grams are not needed by the next."""
        self._old_grams.clear()
        self._new_grams.clear()
        self._dice.clear()

    def dice(self, i: int, j: int) -> float:
        """Return the Dice coefficient of old paragraph *i*'s and new
        paragraph *j*'s bigrams, kept with them."""
        if (i, j) not in self._dice:
            self._dice[i, j] = dice(self.old_grams(i), self.new_grams(j))
        return self._dice[i, j]

    def old_sketch(self, i: int) -> frozenset[int]:
        if i not in self._old_sketches:
            self._old_sketches[i] = sketch(self.old_grams(i))
        return self._old_sketches[i]

    def new_sketch(self, j: int) -> frozenset[int]:
        if j not in self._new_sketches:
            self._new_sketches[j] = sketch(self.new_grams(j))
        return self._new_sketches[j]

    def old_grams(self, i: int) -> Grams:
        if i not in self._old_grams:
            self._old_grams[i] = bigrams(fold_punct_width(self.old[i]))
        return self._old_grams[i]

    def new_grams(self, j: int) -> Grams:
        if j not in self._new_grams:
            self._new_grams[j] = bigrams(fold_punct_width(self.new[j]))
        return self._new_grams[j]


def bigrams(text: str) -> Grams:
    """Return the character bigrams of *text* (the text itself if shorter).

    A bigram is the int whose native 64-bit layout is its UTF-32-LE bytes:
    read as 64-bit words, the UTF-32 text yields the bigrams at even offsets,
    and shifted by one character those at odd offsets, all without building
    a string per bigram. Only set sizes matter to the scores, and the
    mapping is one-to-one, so they equal those of string bigrams.
    """
    if len(text) < 2:
        return frozenset((text,))
    data = text.encode("utf-32-le")
    even = memoryview(data[: len(text) // 2 * 8]).cast("Q")
    odd = memoryview(data[4 : 4 + (len(text) - 1) // 2 * 8]).cast("Q")
    return frozenset(even).union(odd)


def sketch(grams: Grams) -> frozenset[int]:
    """Return the bottom-k of *grams* by a fixed hash, as hash values.

    Sets that overlap much share many members. The hash multiplies the
    bigram's code points packed little-endian by an odd constant: the same
    on every machine, unlike hash() of salted strings.
    """
    if _BIG_ENDIAN or isinstance(next(iter(grams)), str):
        grams = frozenset(_little_endian(gram) for gram in grams)
    hashed = map(_MASK.__and__, map(_GOLDEN.__mul__, grams))
    return frozenset(heapq.nsmallest(_SKETCH_SIZE, hashed))


def _little_endian(gram: int | str) -> int:
    return sum(code << (32 * k) for k, code in enumerate(bigram_codes(gram)))


def bigram_codes(gram: int | str) -> list[int]:
    """Return the code points of a bigram made by bigrams()."""
    if isinstance(gram, str):
        return [ord(char) for char in gram]
    if _BIG_ENDIAN:
        gram = int.from_bytes(gram.to_bytes(8, "big"), "little")
    return [gram & 0xFFFFFFFF, gram >> 32]


def dice(a: Grams, b: Grams) -> float:
    """Return the Dice coefficient of two bigram sets."""
    Work.comparisons += 1
    return 2 * len(a & b) / (len(a) + len(b))


def containment(part: Grams, whole: Grams) -> float:
    """Return the share of *part*'s bigrams found in *whole*."""
    Work.comparisons += 1
    return len(part & whole) / len(part)
