"""Which pairs of a replaced block are worth comparing bigrams for.

A small block compares every pair; a big one pairs each paragraph with a few
of those around its diagonal, so the work grows with the block's length.
"""

from .scoring import PairDiffer

# In bigger blocks each paragraph is paired with a few of those _BAND around
# the diagonal: the nearest, and those whose bigram sketches overlap most.
_DENSE_PAIRS = 900
_BAND = 25
_NEAR_EACH = 4
_NEAR_FIXED = 3


class Diagonal:
    """Distance of a pair from the block's diagonal, where pairs in place lie:
    among equally scored candidates the nearest are diffed first."""

    def __init__(self, olds: list[int], news: list[int]) -> None:
        self.old_rank = {i: k for k, i in enumerate(olds)}
        self.new_rank = {j: k for k, j in enumerate(news)}
        self.scale = len(news) / len(olds)
        self.smaller_side = min(len(olds), len(news))

    def __call__(self, i: int, j: int) -> float:
        return abs(self.new_rank[j] - self.old_rank[i] * self.scale)


def near_pairs_are_all(olds: list[int], news: list[int]) -> bool:
    """Return True if the block is small enough to compare every pair."""
    return len(olds) * len(news) <= _DENSE_PAIRS


def near_pairs(olds: list[int], news: list[int], differ: PairDiffer):
    """Return the (old, new) pairs of the block worth comparing, in order."""
    if near_pairs_are_all(olds, news):
        return [(i, j) for i in olds for j in news]
    # Sketches made up front and looked up by rank: windows overlap, and a
    # list lookup costs less than a call. Only the far end of a long side
    # against a very short one lies in no window, and costs a sketch spare.
    old_sketches = [differ.old_sketch(i) for i in olds]
    new_sketches = [differ.new_sketch(j) for j in news]
    near = set()
    for rank, i in enumerate(olds):
        window = _window(len(news), rank * len(news) / len(olds))
        near.update(
            (i, news[k]) for k in _closest(window, old_sketches[rank], new_sketches)
        )
    for rank, j in enumerate(news):
        window = _window(len(olds), rank * len(olds) / len(news))
        near.update(
            (olds[k], j) for k in _closest(window, new_sketches[rank], old_sketches)
        )
    return sorted(near)


def _window(length: int, centre: float) -> list[int]:
    """Return the ranks below *length* within _BAND of *centre*, nearest
    first."""
    middle = min(round(centre), length - 1)
    step = 1 if centre > middle else -1
    order = [middle]
    for distance in range(1, _BAND + 1):
        order += [middle + step * distance, middle - step * distance]
    return [k for k in order if 0 <= k < length]


def _closest(window: list[int], sketch: frozenset[int], sketches) -> list[int]:
    """Return the ranks in *window* worth comparing bigrams with: the
    _NEAR_FIXED nearest the diagonal, where the parts of a split or merge
    lie, and the _NEAR_EACH whose sketches share most members with
    *sketch*, wherever the text drifted."""
    if len(window) <= _NEAR_FIXED + _NEAR_EACH:
        return window
    overlap = [len(sketch & sketches[k]) for k in window]
    # A stable sort, reversed: equal overlaps keep the nearest first.
    best = sorted(range(len(window)), key=overlap.__getitem__, reverse=True)
    return [window[k] for k in set(best[:_NEAR_EACH]) | set(range(_NEAR_FIXED))]
