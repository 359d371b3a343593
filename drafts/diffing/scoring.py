"""Cached paragraph diffs, similarities and cheap bigram prefilters.

Similarity is 2 * unchanged characters / total characters of a semantic
character diff, computed once per pair of texts and reused for the segments:
identical paragraphs share one key, so copies cost nothing more.
"""

import sys
from collections.abc import Iterable, Sequence
from itertools import chain, count

from .caps import Allowance
from .inline import Ops, common_length, diff_ops
from .paragraphs import fold_punct_width
from .parallel import diff_all

Ids = tuple[int, ...]
Grams = frozenset[int | str]
_BIG_ENDIAN = sys.byteorder == "big"
_SKETCH_SIZE = 32
_SKETCH_SPARE = 2
_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


class Work:
    """The engine's work so far in this process, for tests that bound it
    without a clock: full diffs, their cells ((total length) * (edit length
    + 1), the shape of a Myers diff's cost), bigram set comparisons, and
    bigram sets and sketches built."""

    diffs = 0
    cells = 0
    comparisons = 0
    grams = 0


class PairDiffer:
    """Diff groups of old paragraphs against groups of new ones, once each."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.old, self.new = old, new
        # Each distinct text gets one key, on both sides: every cache below
        # is keyed by texts, never by positions.
        # Numbered in order of first appearance, old side first.
        keys = dict(zip(dict.fromkeys(chain(old, new)), count()))
        self.old_keys = list(map(keys.__getitem__, old))
        self.new_keys = list(map(keys.__getitem__, new))
        self.distinct = len(keys)
        self._ops: dict[tuple[Ids, Ids], Ops] = {}
        # Diffs made ahead, two at a time, and not yet asked for: each is
        # charged when it is, so the order of work changes no allowance.
        self._fetched: dict[tuple[Ids, Ids], Ops] = {}
        # Keyed by the id of the cached ops, which live as long as the differ.
        self._similar: dict[int, tuple[float, int]] = {}
        self._grams: dict[int, Grams] = {}
        # (shared bigrams, old bigrams, new bigrams) of a pair of texts.
        self._overlaps: dict[tuple[int, int], tuple[int, int, int]] = {}
        self._sketches: dict[int, frozenset[int]] = {}
        # Results of the split and merge search, keyed by texts as well, and
        # the scores of a block's pairs (blocks._scored).
        self.memo: dict[tuple, object] = {}
        # Speculative searches ask it before a diff; align() renews it.
        self.allowance = Allowance(0)

    def ops(self, old_ids: Ids, new_ids: Ids, *, free: bool = False) -> Ops:
        """Return the diff of the two groups; unless *free*, a new one is
        charged to the allowance."""
        key = self._key(old_ids, new_ids)
        ops = self._ops.get(key)
        if ops is None:
            ops = self._ops[key] = self._diff(old_ids, new_ids, free, key)
        return ops

    def prefetch(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Diff ahead the (old, new) paragraph pairs that will surely be asked
        for."""
        todo = {}
        for i, j in pairs:
            key = self._key((i,), (j,))
            if key not in self._ops and key not in self._fetched:
                todo[key] = (self.old[i], self.new[j])
        for key, ops in zip(todo, diff_all(list(todo.values()), diff_ops), strict=True):
            self._fetched[key] = ops

    def _key(self, old_ids: Ids, new_ids: Ids) -> tuple[Ids, Ids]:
        return (
            tuple(map(self.old_keys.__getitem__, old_ids)),
            tuple(map(self.new_keys.__getitem__, new_ids)),
        )

    def same_text(self, i: int, j: int) -> bool:
        return self.old_keys[i] == self.new_keys[j]

    def similarity(
        self, old_ids: Ids, new_ids: Ids, *, free: bool = False
    ) -> tuple[float, int]:
        """Return (similarity, unchanged characters) of the two groups."""
        return self._similar[id(self.ops(old_ids, new_ids, free=free))]

    def _diff(self, old_ids: Ids, new_ids: Ids, free: bool, key) -> Ops:
        old, new = self.old_text(old_ids), self.new_text(new_ids)
        ops = self._fetched.pop(key, None)
        if ops is None:
            ops = diff_ops(old, new)
        common, total = common_length(ops), len(old) + len(new)
        # Scored with the diff: the texts and counts are at hand.
        self._similar[id(ops)] = (2 * common / total if total else 1.0), common
        cells = total * (total - 2 * common + 1)
        if not free:
            self.allowance.spend(cells)
        Work.diffs += 1
        Work.cells += cells
        return ops

    def old_text(self, ids: Ids) -> str:
        return "\n".join(self.old[i] for i in ids)

    def new_text(self, ids: Ids) -> str:
        return "\n".join(self.new[i] for i in ids)

    def forget_grams(
        self, olds: Sequence[int], news: Sequence[int], *, sketched: bool = False
    ) -> None:
        """Drop the cached bigrams of the texts of old paragraphs *olds* and
        new paragraphs *news*; if *sketched*, only of those sketched already."""
        keys = chain(
            map(self.old_keys.__getitem__, olds), map(self.new_keys.__getitem__, news)
        )
        for key in keys:
            if not sketched or key in self._sketches:
                self._grams.pop(key, None)

    def forget_all_grams(self) -> None:
        """Drop every cached bigram set and sketch: once paragraphs are
        aligned, only the diffs are needed again."""
        self._grams, self._sketches = {}, {}

    def dice(self, i: int, j: int) -> float:
        """Return the Dice coefficient of old paragraph *i*'s and new
        paragraph *j*'s bigrams."""
        shared, old, new = self._overlap(i, j)
        return 2 * shared / (old + new)

    def old_in_new(self, i: int, j: int) -> float:
        """Return the share of old paragraph *i*'s bigrams found in new
        paragraph *j*."""
        shared, old, _ = self._overlap(i, j)
        return shared / old

    def new_in_old(self, i: int, j: int) -> float:
        """Return the share of new paragraph *j*'s bigrams found in old
        paragraph *i*."""
        shared, _, new = self._overlap(i, j)
        return shared / new

    def _overlap(self, i: int, j: int) -> tuple[int, int, int]:
        # Kept with the texts, and asked by the split and merge search and
        # by the pair search alike: one set intersection per pair of texts.
        key = (self.old_keys[i], self.new_keys[j])
        if key not in self._overlaps:
            old, new = self.old_grams(i), self.new_grams(j)
            Work.comparisons += 1
            self._overlaps[key] = (len(old & new), len(old), len(new))
        return self._overlaps[key]

    def old_sketch(self, i: int) -> frozenset[int]:
        return self._sketch(self.old_keys[i], self.old[i])

    def new_sketch(self, j: int) -> frozenset[int]:
        return self._sketch(self.new_keys[j], self.new[j])

    def old_grams(self, i: int) -> Grams:
        return self._grams_of(self.old_keys[i], self.old[i])

    def new_grams(self, j: int) -> Grams:
        return self._grams_of(self.new_keys[j], self.new[j])

    def _sketch(self, key: int, text: str) -> frozenset[int]:
        if key not in self._sketches:
            self._sketches[key] = sketch(self._grams_of(key, text))
            Work.grams += 1
        return self._sketches[key]

    def _grams_of(self, key: int, text: str) -> Grams:
        if key not in self._grams:
            self._grams[key] = bigrams(fold_punct_width(text))
            Work.grams += 1
        return self._grams[key]


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
    # One set built from both halves: a union would copy the first.
    return frozenset(chain(even, odd))


def sketch(grams: Grams) -> frozenset[int]:
    """Return the bottom-k of *grams* by a fixed hash, as hash values.

    Sets that overlap much share many members. The hash multiplies the
    bigram's code points packed little-endian by an odd constant: the same
    on every machine, unlike hash() of salted strings.
    """
    if _BIG_ENDIAN or isinstance(next(iter(grams)), str):
        grams = frozenset(_little_endian(gram) for gram in grams)
    # Hashes spread evenly, so about _SKETCH_SPARE times the sketch's size
    # fall below the cutoff: sorting those few beats sorting them all, and
    # when fewer than the sketch's size do, all are sorted after all.
    cutoff = _SKETCH_SPARE * _SKETCH_SIZE * (_MASK + 1) // len(grams)
    low = [hashed for gram in grams if (hashed := gram * _GOLDEN & _MASK) < cutoff]
    if len(low) < _SKETCH_SIZE:
        low = [gram * _GOLDEN & _MASK for gram in grams]
    low.sort()
    return frozenset(low[:_SKETCH_SIZE])


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
