"""Find paragraphs that left their place: exact first, then similar ones.

Candidates are bounded by a bigram prefilter (and, for many leftovers, by
bottom-k bigram sketches) so long, heavily rewritten texts stay fast.
"""

import heapq
from collections import defaultdict, deque
from collections.abc import Sequence

from .scoring import PairDiffer, bigram_codes, dice

# Higher than MODIFIED_THRESHOLD: a far jump needs stronger evidence than an
# edit in place (wikidiff2 uses 0.4 for moves against 0.2 for edits).
MOVE_THRESHOLD = 0.5
_DENSE_PAIRS = 2500
_SKETCH_SIZE = 32
_MASK = (1 << 64) - 1


def exact_moves(
    olds: list[int], news: list[int], old: Sequence[str], new: Sequence[str]
) -> list[tuple[int, int]]:
    """Pair leftover paragraphs with identical text, first with first."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for i in olds:
        waiting[old[i]].append(i)
    pairs = []
    for j in news:
        if waiting.get(new[j]):
            pairs.append((waiting[new[j]].popleft(), j))
    return pairs


def similar_moves(
    olds: list[int], news: list[int], differ: PairDiffer
) -> list[tuple[int, int]]:
    """Pair leftover paragraphs by similarity, most similar first."""
    scored = []
    for i, j in _candidates(olds, news, differ):
        if dice(differ.old_grams(i), differ.new_grams(j)) < MOVE_THRESHOLD / 2:
            continue
        similarity, _ = differ.similarity((i,), (j,))
        if similarity >= MOVE_THRESHOLD:
            scored.append((-similarity, i, j))
    taken_old, taken_new, pairs = set(), set(), []
    for _, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j))
    return pairs


def _candidates(olds, news, differ: PairDiffer):
    if len(olds) * len(news) <= _DENSE_PAIRS:
        return [(i, j) for i in olds for j in news]
    postings = defaultdict(list)
    for i in olds:
        for gram in _sketch(differ.old_grams(i)):
            postings[gram].append(i)
    found = set()
    for j in news:
        for gram in _sketch(differ.new_grams(j)):
            found.update((i, j) for i in postings.get(gram, ()))
    return sorted(found)


def _sketch(grams) -> list:
    # Bottom-k by a fixed hash: similar sets share sketch members with high
    # probability, and str hashes are salted per process, so not hash().
    return heapq.nsmallest(_SKETCH_SIZE, grams, key=_stable_hash)


def _stable_hash(gram) -> int:
    value = 0
    for code in bigram_codes(gram):
        value = value * 0x110000 + code
    return (value * 0x9E3779B97F4A7C15) & _MASK
