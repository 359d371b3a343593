"""Find paragraphs that left their place, and let the best partner win.

Exact copies pair first. Then every paragraph left over, and every one paired
in place less than clearly, competes for its most similar partner anywhere:
a pair in place yields only to a pair elsewhere better by MARGIN, so ties
stay in place. Candidates are bounded by a bigram prefilter (and, for many
paragraphs, by bottom-k bigram sketches); identical texts are searched once.
"""

from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from itertools import chain, repeat
from operator import itemgetter

from .bounds import length_bound
from .caps import likeliest
from .groups import Match, groups
from .near import Diagonal
from .scoring import PairDiffer

# Higher than MODIFIED_THRESHOLD: a far jump needs stronger evidence than an
# edit in place (wikidiff2 uses 0.4 for moves against 0.2 for edits).
MOVE_THRESHOLD = 0.5
# How much more similar a partner elsewhere must be to take a paragraph from
# its pair in place: a look-alike inserted where a paragraph left (0.3 to 0.6
# similar) yields to the paragraph itself (0.8 and more), a near tie stays.
MARGIN = 0.15
# ... and how many more characters it must keep unchanged: in a greeting of
# four characters one character is a quarter of the similarity, no evidence.
MIN_GAIN = 5
_LOOKS_BETTER = MARGIN / 2
_DENSE_PAIRS = 2500
_SHARED_BY = 16
_SKETCH_CANDIDATES = 8

Pair = tuple[int, int]
Score = tuple[float, int]  # similarity, unchanged characters


def exact_moves(
    olds: list[int], news: list[int], old: Sequence[str], new: Sequence[str]
) -> list[Pair]:
    """Pair leftover paragraphs with identical text, first with first."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for i in olds:
        waiting[old[i]].append(i)
    pairs = []
    for j in news:
        if waiting.get(new[j]):
            pairs.append((waiting[new[j]].popleft(), j))
    return pairs


def best_partners(
    olds: list[int], news: list[int], placed: dict[Pair, Score], differ: PairDiffer
) -> tuple[list[Pair], list[Pair]]:
    """Return the pairs in place that keep their partner, and the moves.

    *olds* and *news* are the paragraphs left over and those of *placed*
    (pairs in place, with their similarity and unchanged characters) that a
    better partner may take. Pairs are taken most similar first, a pair in
    place counting MARGIN more, and a move takes a paragraph from its pair
    only if it keeps MIN_GAIN more characters; copies of one text pair first
    with first.
    """
    floors = _Floors(placed, differ)
    moves = _scored_moves(olds, news, floors, differ)
    entries = [(-(s + MARGIN), 0, i, j, 0) for (i, j), (s, _) in placed.items()]
    entries += [(-s, 1, i, j, common) for (i, j), (s, common) in moves]
    copies_old = _copies(olds, differ.old_keys)
    copies_new = _copies(news, differ.new_keys)
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    kept, moved = [], []
    for _, elsewhere, i, j, common in sorted(entries):
        if not elsewhere:
            if i not in taken_old and j not in taken_new:
                taken_old.add(i)
                taken_new.add(j)
                kept.append((i, j))
            continue
        free_old = [
            k
            for k in copies_old[differ.old_keys[i]]
            if k not in taken_old and floors.gained(common, floors.placed_old.get(k))
        ]
        free_new = [
            k
            for k in copies_new[differ.new_keys[j]]
            if k not in taken_new and floors.gained(common, floors.placed_new.get(k))
        ]
        for pair in zip(free_old, free_new, strict=False):
            taken_old.add(pair[0])
            taken_new.add(pair[1])
            moved.append(pair)
    return kept, moved


class _Floors:
    """What a pair elsewhere must beat to take a paragraph, per text (the
    weakest copy counts): the similarity of its pair in place plus MARGIN
    (MOVE_THRESHOLD when it has none), its unchanged characters plus
    MIN_GAIN, and the bigram overlap of that pair."""

    def __init__(self, placed: dict[Pair, Score], differ: PairDiffer) -> None:
        self.old: dict[int, tuple[float, int, float]] = {}
        self.new: dict[int, tuple[float, int, float]] = {}
        self.placed_old = {i: (j, *score) for (i, j), score in placed.items()}
        self.placed_new = {j: (i, *score) for (i, j), score in placed.items()}
        self.differ = differ

    def need(self, i: int, j: int) -> tuple[float, int, float]:
        """Return the similarity, unchanged characters and bigram overlap
        the pair (i, j) must reach."""
        old = self.old[self.differ.old_keys[i]]
        new = self.new[self.differ.new_keys[j]]
        return max(old[0], new[0]), max(old[1], new[1]), max(old[2], new[2])

    def add_old(self, i: int) -> None:
        key = self.differ.old_keys[i]
        floor = self._floor(self.placed_old.get(i), i, None)
        self.old[key] = min(self.old.get(key, floor), floor)

    def add_new(self, j: int) -> None:
        key = self.differ.new_keys[j]
        floor = self._floor(self.placed_new.get(j), None, j)
        self.new[key] = min(self.new.get(key, floor), floor)

    @staticmethod
    def gained(common: int, place) -> bool:
        """Return True if a move keeping *common* characters may take a
        paragraph from its pair in place *place* (or from no pair)."""
        return place is None or common >= place[2] + MIN_GAIN

    def _floor(self, place, i, j) -> tuple[float, int, float]:
        if place is None:
            return MOVE_THRESHOLD, 0, 0.0
        partner, similarity, common = place
        pair = (i, partner) if j is None else (partner, j)
        need = max(similarity + MARGIN, MOVE_THRESHOLD)
        return need, common + MIN_GAIN, self.differ.dice(*pair)


def _scored_moves(olds, news, floors: _Floors, differ: PairDiffer):
    """Return ((old, new), similarity) for the pairs of distinct texts that
    beat what their paragraphs have, best first within each text."""
    for i in olds:
        floors.add_old(i)
    for j in news:
        floors.add_new(j)
    candidates = []
    first_olds = _first_copies(olds, differ.old_keys)
    first_news = _first_copies(news, differ.new_keys)
    for i, j in _candidates(first_olds, first_news, differ):
        need, _, overlap = floors.need(i, j)
        if length_bound(len(differ.old[i]), len(differ.new[j])) < need:
            continue
        score = differ.dice(i, j)
        # Bigram overlap is no bound, but a partner that does not even look
        # clearly better than the pair in place is not worth a diff.
        if score >= MOVE_THRESHOLD / 2 and score > overlap + _LOOKS_BETTER:
            candidates.append(((i, j), score))
    candidates.sort(key=_rank)
    free_pairs = {pair for pair, _ in likeliest(candidates, _rank, _sides)}
    differ.prefetch(free_pairs)
    scored = []
    for (i, j), _ in candidates:
        free = (i, j) in free_pairs
        if not free and not differ.allowance:
            continue
        similarity, common = differ.similarity((i,), (j,), free=free)
        need, gain, _ = floors.need(i, j)
        if similarity >= need and common >= gain:
            scored.append(((i, j), (similarity, common)))
    return scored


def displaced_groups(
    moved: list[Pair], olds: list[int], news: list[int], differ: PairDiffer
) -> list[Match]:
    """Return the splits and merges whose paragraphs moved: a paragraph
    moved and split, or paragraphs merged and moved.

    *olds* and *news* are the paragraphs left over; a part may also be one
    end of a move, whose other end then belongs to the same group.
    """
    partner_old = dict(moved)
    partner_new = {j: i for i, j in moved}
    free_old = set(olds) | set(partner_old)
    free_new = set(news) | set(partner_new)
    near = set(_candidates(olds, news, differ)) | set(moved)
    for i, j in moved:
        near.update((i, k) for k in (j - 1, j + 1) if k in free_new)
        near.update((k, j) for k in (i - 1, i + 1) if k in free_old)
    if not near or not differ.allowance:
        return []
    diagonal = Diagonal(sorted(free_old), sorted(free_new))
    found = groups(sorted(near), differ, diagonal, True)
    used_old: set[int] = set()
    used_new: set[int] = set()
    kept = []
    for match, _ in sorted(found, key=lambda item: (-item[1], item[0].old)):
        if used_old.isdisjoint(match.old) and used_new.isdisjoint(match.new):
            if _closed(match, partner_old, partner_new):
                used_old.update(match.old)
                used_new.update(match.new)
                kept.append(match)
    return kept


def _closed(match: Match, partner_old: dict, partner_new: dict) -> bool:
    """Return True if every move touching the match lies inside it."""
    inside_old = all(partner_old[i] in match.new for i in match.old if i in partner_old)
    inside_new = all(partner_new[j] in match.old for j in match.new if j in partner_new)
    return inside_old and inside_new


def _copies(indices: list[int], keys: list[int]) -> dict[int, list[int]]:
    copies: dict[int, list[int]] = defaultdict(list)
    for k in sorted(indices):
        copies[keys[k]].append(k)
    return copies


def _first_copies(indices: list[int], keys: list[int]) -> list[int]:
    first: dict[int, int] = {}
    for k in sorted(indices):
        first.setdefault(keys[k], k)
    return list(first.values())


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
    # A member that many paragraphs share tells them apart no better than a
    # common word, and would make the search quadratic.
    telling = {m: ids for m, ids in postings.items() if len(ids) <= _SHARED_BY}
    found = []
    for j in news:
        sharing = map(telling.get, differ.new_sketch(j), repeat(()))
        shared = Counter(chain.from_iterable(sharing))
        found += [(i, j) for i in _most_shared(shared)]
    return sorted(found)


def _most_shared(shared: Counter) -> list[int]:
    """Return the _SKETCH_CANDIDATES paragraphs sharing the most members,
    the first one on ties."""
    if len(shared) <= _SKETCH_CANDIDATES:
        return list(shared)
    ranked = sorted(shared.items())
    # A stable sort: among equal counts the first paragraph stays first.
    ranked.sort(key=itemgetter(1), reverse=True)
    return [i for i, _ in ranked[:_SKETCH_CANDIDATES]]
