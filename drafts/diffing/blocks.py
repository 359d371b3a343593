"""Pair the old and new paragraphs of one replaced block.

Splits and merges compete with one-to-one pairs; the chain keeping the most
unchanged characters wins, so a split is found even when one of its parts
alone would pass for a modified paragraph.
"""

import heapq
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from .bounds import fits_in_order, in_order_cells, length_bound
from .caps import GRAM_CELLS, likeliest
from .chain import heaviest_chain
from .inline import Ops, equal_runs
from .scoring import Ids, PairDiffer, containment, dice

# Semantic cleanup drops chance matches, so unrelated paragraphs of the demo
# speech stay below 0.26 (two headings sharing "组织工作的"); wikidiff2's 0.2
# was measured on words, which are coarser.
MODIFIED_THRESHOLD = 0.3
# A split or merge must resemble its joined parts this much ...
SPLIT_THRESHOLD = 0.5
# ... and each part must be at least this much made of the other side's text.
PART_COVERAGE = 0.5
MAX_PARTS = 8
# Blocks this small are diffed outright: a C++ diff of every candidate costs
# less than the bigram sets that would prefilter them.
_SMALL_PAIRS = 2
_LONG_PAIR = 4000
# In bigger blocks each paragraph is paired with a few of those _BAND around
# the diagonal: the nearest, and those whose bigram sketches overlap most.
_DENSE_PAIRS = 900
_BAND = 25
_NEAR_EACH = 4
_NEAR_FIXED = 3
_RELATIVE = 0.6


@dataclass(frozen=True)
class Match:
    kind: str
    old: Ids
    new: Ids


def pair_block(olds: list[int], news: list[int], differ: PairDiffer) -> list[Match]:
    """Return the modified, split and merged matches inside one block."""
    if not olds or not news:
        return []
    diagonal = _Diagonal(olds, news)
    if len(olds) == 1 and len(news) == 1:
        # A lone pair needs no chain: it is a match or nothing. Long pairs
        # are sifted first: diffing two unrelated 50,000-character
        # paragraphs takes half a minute, their bigrams a millisecond.
        pair = (olds[0], news[0])
        long = len(differ.old[pair[0]]) + len(differ.new[pair[1]]) > _LONG_PAIR
        return [m for m, _ in _pairs([pair], differ, diagonal, prefilter=long)]
    near = _near_pairs(olds, news, differ)
    sift = len(near) > _SMALL_PAIRS
    candidates = _groups(near, differ, diagonal, sift)
    whole = _whole_block(candidates, olds, news)
    if whole is not None:
        # One paragraph became all the others (or the reverse): splits and
        # merges come before one-to-one pairs, so no pair can displace it.
        return [whole]
    candidates += _pairs(near, differ, diagonal, prefilter=sift)
    boxes = [(m.old[0], m.old[-1], m.new[0], m.new[-1], w) for m, w in candidates]
    return [candidates[k][0] for k in heaviest_chain(boxes)]


class _Diagonal:
    """Distance of a pair from the block's diagonal, where pairs in place lie:
    among equally scored candidates the nearest are diffed first."""

    def __init__(self, olds: list[int], news: list[int]) -> None:
        self.old_rank = {i: k for k, i in enumerate(olds)}
        self.new_rank = {j: k for k, j in enumerate(news)}
        self.scale = len(news) / len(olds)

    def __call__(self, i: int, j: int) -> float:
        return abs(self.new_rank[j] - self.old_rank[i] * self.scale)


def _whole_block(candidates, olds, news) -> Match | None:
    if len(olds) > 1 and len(news) > 1:
        return None
    for match, _ in candidates:
        if list(match.old) == olds and list(match.new) == news:
            return match
    return None


def _pairs(near, differ: PairDiffer, diagonal: _Diagonal, *, prefilter: bool):
    scored = _likely(near, differ) if prefilter else [(pair, 1.0) for pair in near]
    scored = [
        (pair, score)
        for pair, score in scored
        if length_bound(len(differ.old[pair[0]]), len(differ.new[pair[1]]))
        >= MODIFIED_THRESHOLD
    ]
    diffed = dict(_diff_best_first(scored, differ, diagonal))
    found = []
    for pair, _ in scored:
        similarity, common = diffed.get(pair, (0.0, 0))
        if similarity >= MODIFIED_THRESHOLD:
            found.append((Match("modified", pair[:1], pair[1:]), common))
    return found


def _diff_best_first(scored, differ: PairDiffer, diagonal: _Diagonal):
    """Yield (pair, (similarity, unchanged characters)), best pairs first.

    Each paragraph's likeliest partner is always diffed, as a plain two-level
    diff would; the others only while the block's allowance lasts.
    """
    rank = _PairRank(diagonal)
    free_pairs = {pair for pair, _ in likeliest(scored, rank, _sides)}
    for pair, _ in sorted(scored, key=rank):
        free = pair in free_pairs
        if not free and not differ.allowance:
            continue
        yield pair, differ.similarity(pair[:1], pair[1:], free=free)


class _PairRank:
    """Rank (pair, score) items: best score first, then nearest the diagonal."""

    def __init__(self, diagonal: _Diagonal) -> None:
        self.diagonal = diagonal

    def __call__(self, item) -> tuple[float, float]:
        (i, j), score = item
        return (-score, self.diagonal(i, j))


def _sides(item) -> tuple[tuple[int, int], tuple[int, int]]:
    (i, j), _ = item
    return ((0, i), (1, j))


def _likely(near, differ: PairDiffer):
    """Return (pair, bigram Dice) for the pairs whose bigrams overlap nearly
    as well as each side's best.

    Paragraphs of one speech share stock phrases, so unrelated long ones
    reach a Dice of about 0.16; diffing them would be slow and pointless.
    """
    scores = [differ.dice(i, j) for i, j in near]
    best_old: dict[int, float] = {}
    best_new: dict[int, float] = {}
    for (i, j), score in zip(near, scores, strict=True):
        best_old[i] = max(best_old.get(i, 0.0), score)
        best_new[j] = max(best_new.get(j, 0.0), score)
    return [
        ((i, j), score)
        for (i, j), score in zip(near, scores, strict=True)
        if score >= MODIFIED_THRESHOLD / 2
        and score >= _RELATIVE * max(best_old[i], best_new[j])
    ]


def _near_pairs(olds, news, differ: PairDiffer):
    if len(olds) * len(news) <= _DENSE_PAIRS:
        return [(i, j) for i in olds for j in news]
    overlap: dict[tuple[int, int], int] = {}

    def shared(i: int, j: int) -> int:
        if (i, j) not in overlap:
            overlap[i, j] = len(differ.old_sketch(i) & differ.new_sketch(j))
        return overlap[i, j]

    near = set()
    for rank, i in enumerate(olds):
        window = _window(news, rank * len(news) / len(olds))
        near.update((i, j) for j in _closest(window, partial(shared, i)))
    for rank, j in enumerate(news):
        window = _window(olds, rank * len(olds) / len(news))
        near.update((i, j) for i in _closest(window, lambda i, j=j: shared(i, j)))
    return sorted(near)


def _window(indices: list[int], centre: float) -> list[int]:
    """Return the indices within _BAND of *centre*, nearest first."""
    middle = min(round(centre), len(indices) - 1)
    step = 1 if centre > middle else -1
    order = [middle]
    for distance in range(1, _BAND + 1):
        order += [middle + step * distance, middle - step * distance]
    return [indices[k] for k in order if 0 <= k < len(indices)]


def _closest(window: list[int], shared) -> list[int]:
    """Return the partners worth comparing bigrams with: the _NEAR_FIXED
    nearest the diagonal, where the parts of a split or merge lie, and the
    _NEAR_EACH whose sketches share most members, wherever the text drifted."""
    if len(window) <= _NEAR_FIXED + _NEAR_EACH:
        return window
    overlap = [shared(k) for k in window]
    best = heapq.nsmallest(_NEAR_EACH, range(len(window)), key=lambda k: -overlap[k])
    return [window[k] for k in set(best) | set(range(_NEAR_FIXED))]


def _groups(near, differ: PairDiffer, diagonal: _Diagonal, sift: bool):
    """Return the splits and merges that fit, with their unchanged characters.

    Runs are tried best first across the block, so that when the allowance
    runs out, what it bought went to the likeliest runs of either kind.
    """
    runs = []
    for split in (True, False):
        for whole, partners in _grouped(near, 0 if split else 1).items():
            if len(partners) < 2 or not differ.allowance:
                continue  # a split needs two parts: spare the bigrams
            search = _GroupSearch(differ, whole, split, sift)
            runs += search.best_runs(partners, diagonal)
    fitted = {}
    for k in sorted(range(len(runs)), key=lambda k: (runs[k].rank, k)):
        if not differ.allowance:
            break
        found = runs[k].fit(differ)
        if found is not None:
            fitted[k] = found
    # Candidates keep the order they were found in: the chain breaks ties
    # by it.
    return [fitted[k] for k in sorted(fitted)]


class _Run(NamedTuple):
    search: "_GroupSearch"
    parts: Ids
    rank: tuple[float, float]

    def fit(self, differ: PairDiffer) -> tuple[Match, int] | None:
        """Return the match and its unchanged characters if the run fits."""
        search, match = self.search, self.search.match(self.parts)
        lengths = [len(search.texts[k]) for k in self.parts]
        if not search.in_order(self.parts):
            return None
        ops = differ.ops(match.old, match.new)
        side = int(search.split)
        if not _group_fits(differ, match.old, match.new, ops, lengths, side):
            return None
        return match, _common(ops)


class _GroupSearch:
    """Runs of consecutive parts that may form one whole paragraph."""

    def __init__(self, differ: PairDiffer, whole: int, split: bool, sift: bool):
        self.whole, self.split = whole, split
        self.whole_text = (differ.old if split else differ.new)[whole]
        self.whole_length = len(self.whole_text)
        self.texts = differ.new if split else differ.old
        self.grams = differ.new_grams if split else differ.old_grams
        whole_grams = differ.old_grams if split else differ.new_grams
        self.whole_grams = whole_grams(whole) if sift else None
        self.allowance = differ.allowance

    def in_order(self, run: Ids) -> bool:
        """Return False if the run's first and last parts cannot both keep
        PART_COVERAGE of their characters, by a bound charged to the
        allowance."""
        first, last = self.texts[run[0]], self.texts[run[-1]]
        cells = in_order_cells(self.whole_length, len(first), len(last))
        self.allowance.spend(cells)
        return fits_in_order(self.whole_text, first, last, PART_COVERAGE)

    def match(self, run: Ids) -> Match:
        if self.split:
            return Match("split", (self.whole,), run)
        return Match("merged", run, (self.whole,))

    def best_runs(self, partners: list[int], diagonal: _Diagonal) -> list[_Run]:
        """Return the runs that pass the bigram sifts, with their rank."""
        longest = sorted(len(self.texts[k]) for k in partners)[-MAX_PARTS:]
        joined = sum(longest) + len(longest) - 1
        if joined < self.whole_length and not self._may_fit(joined):
            return []  # no run of partners is long enough: spare the bigrams
        sift = self.whole_grams is not None
        parts = [k for k in partners if not sift or self._is_part(k)]
        runs = []
        for start in range(len(parts)):
            runs += self._runs_from(parts, start)
        rank = self._rank(diagonal)
        return [_Run(self, run, rank((run, score))) for run, score in runs]

    def _runs_from(self, parts: list[int], start: int) -> list[tuple[Ids, float]]:
        found, size, grams = [], 0, set()
        for end in range(start, min(start + MAX_PARTS, len(parts))):
            if parts[end] != parts[start] + end - start:
                break
            size += len(self.texts[parts[end]])
            if PART_COVERAGE * size > self.whole_length:
                # Each part keeps PART_COVERAGE of its characters, each one
                # matched to a distinct one of the whole: longer runs fail too.
                break
            if self.whole_grams is not None:
                grams |= self.grams(parts[end])
                self.allowance.spend(GRAM_CELLS * (len(grams) + len(self.whole_grams)))
            joined = size + end - start  # the parts and the line breaks
            if end == start or not self._may_fit(joined):
                continue
            score = 1.0 if self.whole_grams is None else dice(self.whole_grams, grams)
            if score >= SPLIT_THRESHOLD / 2:
                # Ranked by overlap times length fit: a tiny heading joined
                # to the true parts barely lowers their overlap.
                fit = length_bound(self.whole_length, joined)
                found.append((tuple(parts[start : end + 1]), score * fit))
        return found

    def _rank(self, diagonal: _Diagonal):
        if self.split:
            return lambda item: (-item[1], diagonal(self.whole, item[0][0]))
        return lambda item: (-item[1], diagonal(item[0][0], self.whole))

    def _may_fit(self, joined: int) -> bool:
        return length_bound(self.whole_length, joined) >= SPLIT_THRESHOLD

    def _is_part(self, k: int) -> bool:
        grams = self.grams(k)
        self.allowance.spend(GRAM_CELLS * len(grams))
        return containment(grams, self.whole_grams) >= PART_COVERAGE / 2


def _grouped(near, side: int) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for pair in sorted(near, key=lambda pair: (pair[side], pair[1 - side])):
        groups.setdefault(pair[side], []).append(pair[1 - side])
    return groups


def _group_fits(differ, old_ids, new_ids, ops: Ops, lengths, side: int) -> bool:
    similarity, _ = differ.similarity(old_ids, new_ids)
    if similarity < SPLIT_THRESHOLD:
        return False
    covered = _coverage(ops, lengths, side)
    return all(c >= PART_COVERAGE * n for c, n in zip(covered, lengths, strict=True))


def _coverage(ops: Ops, lengths: list[int], side: int) -> list[int]:
    """Return how many characters of each joined part the diff keeps."""
    starts, pos = [], 0
    for length in lengths:
        starts.append(pos)
        pos += length + 1
    covered = [0] * len(lengths)
    for run in equal_runs(ops):
        begin, stop = run[side], run[side] + run[2]
        for k, start in enumerate(starts):
            overlap = min(stop, start + lengths[k]) - max(begin, start)
            covered[k] += max(overlap, 0)
    return covered


def _common(ops: Ops) -> int:
    return sum(n for op, n in ops if op == "=")
