"""Find paragraphs that left their place: exact first, then similar ones.

Candidates are bounded by a bigram prefilter (and, for many leftovers, by
bottom-k bigram sketches) so long, heavily rewritten texts stay fast.
"""

from collections import defaultdict, deque
from collections.abc import Sequence

from .bounds import length_bound
from .caps import likeliest
from .scoring import PairDiffer, dice

# Higher than MODIFIED_THRESHOLD: a far jump needs stronger evidence than an
# edit in place (wikidiff2 uses 0.4 for moves against 0.2 for edits).
MOVE_THRESHOLD = 0.5
_DENSE_PAIRS = 2500
_SHARED_BY = 16
_SKETCH_CANDIDATES = 8


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
    """Pair leftover paragraphs by similarity, most similar first.

    Each paragraph's likeliest partner is always tried, the others only
    while the allowance lasts.
    """
    candidates = _best_candidates(olds, news, differ)
    free_pairs = {pair for pair, _ in likeliest(candidates, _rank, _sides)}
    scored = []
    for (i, j), _ in candidates:
        free = (i, j) in free_pairs
        if not free and not differ.allowance:
            continue
        similarity, _ = differ.similarity((i,), (j,), free=free)
        if similarity >= MOVE_THRESHOLD:
            scored.append((-similarity, i, j))
    taken_old, taken_new, pairs = set(), set(), []
    for _, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j))
    return pairs


def _best_candidates(olds, news, differ: PairDiffer):
    """Return (pair, bigram Dice) for the candidates worth a diff, best first."""
    scored = []
    for i, j in _candidates(olds, news, differ):
        if length_bound(len(differ.old[i]), len(differ.new[j])) < MOVE_THRESHOLD:
            continue
        score = dice(differ.old_grams(i), differ.new_grams(j))
        if score >= MOVE_THRESHOLD / 2:
            scored.append(((i, j), score))
    return sorted(scored, key=_rank)


def _rank(item) -> tuple:
    pair, score = item
    return (-score, pair)


def _sides(item) -> tuple[tuple[int, int], tuple[int, int]]:
    (i, j), _ = item
    return ((0, i), (1, j))


def _candidates(olds, news, differ: PairDiffer):
    if len(olds) * len(news) <= _DENSE_PAIRS:
        return [(i, j) for i in olds for j in news]
    postings = defaultdict(list)
    for i in olds:
        for member in differ.old_sketch(i):
            postings[member].append(i)
    found = []
    for j in news:
        shared: dict[int, int] = {}
        for member in differ.new_sketch(j):
            sharing = postings.get(member, ())
            # A member that many paragraphs share tells them apart no better
            # than a common word, and would make the search quadratic.
            if len(sharing) <= _SHARED_BY:
                for i in sharing:
                    shared[i] = shared.get(i, 0) + 1
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        found += [(i, j) for i, _ in ranked[:_SKETCH_CANDIDATES]]
    return sorted(found)
