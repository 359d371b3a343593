"""Cached paragraph diffs, similarities and cheap bigram prefilters.

Similarity is 2 * unchanged characters / total characters of a semantic
character diff, computed once per pair and reused for the segments.
"""

from collections.abc import Sequence

from .inline import Ops, common_length, diff_ops

Ids = tuple[int, ...]


class PairDiffer:
    """Diff groups of old paragraphs against groups of new ones, once each."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.old, self.new = old, new
        self._ops: dict[tuple[Ids, Ids], Ops] = {}
        self._old_grams: dict[int, frozenset[str]] = {}
        self._new_grams: dict[int, frozenset[str]] = {}

    def ops(self, old_ids: Ids, new_ids: Ids) -> Ops:
        key = (old_ids, new_ids)
        if key not in self._ops:
            self._ops[key] = diff_ops(self.old_text(old_ids), self.new_text(new_ids))
        return self._ops[key]

    def similarity(self, old_ids: Ids, new_ids: Ids) -> tuple[float, int]:
        """Return (similarity, unchanged characters) of the two groups."""
        common = common_length(self.ops(old_ids, new_ids))
        total = len(self.old_text(old_ids)) + len(self.new_text(new_ids))
        return (2 * common / total if total else 1.0), common

    def old_text(self, ids: Ids) -> str:
        return "\n".join(self.old[i] for i in ids)

    def new_text(self, ids: Ids) -> str:
        return "\n".join(self.new[i] for i in ids)

    def old_grams(self, i: int) -> frozenset[str]:
        if i not in self._old_grams:
            self._old_grams[i] = bigrams(self.old[i])
        return self._old_grams[i]

    def new_grams(self, j: int) -> frozenset[str]:
        if j not in self._new_grams:
            self._new_grams[j] = bigrams(self.new[j])
        return self._new_grams[j]


def bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of *text* (the text itself if shorter)."""
    if len(text) < 2:
        return frozenset((text,))
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Dice coefficient of two bigram sets."""
    return 2 * len(a & b) / (len(a) + len(b))


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Return the share of *part*'s bigrams found in *whole*."""
    return len(part & whole) / len(part)
