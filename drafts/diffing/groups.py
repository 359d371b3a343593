"""Find the splits and merges inside a replaced block.

Runs of consecutive paragraphs are ranked by bigram overlap and length fit,
sifted by exact bounds and diffed best first while the allowance lasts.
"""

from dataclasses import dataclass
from typing import NamedTuple

from .bounds import fits_in_order, in_order_cells, length_bound
from .caps import GRAM_CELLS
from .inline import Ops, common_length, equal_runs
from .near import Diagonal
from .scoring import Ids, PairDiffer, dice

# A split or merge must resemble its joined parts this much ...
SPLIT_THRESHOLD = 0.5
# ... and each part must be at least this much made of the other side's text.
PART_COVERAGE = 0.5
MAX_PARTS = 8
_ALL_BUT_EQUAL = 0.95


@dataclass(frozen=True)
class Match:
    kind: str
    old: Ids
    new: Ids


def groups(near, differ: PairDiffer, diagonal: Diagonal, sift: bool):
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
        # A run whose bigrams and length all but equal the whole's is worth
        # its diff outright: for it the bound would cost more than the diff.
        likely = -self.rank[0] >= _ALL_BUT_EQUAL
        if not likely and not search.in_order(self.parts):
            return None
        ops = differ.ops(match.old, match.new)
        side = int(search.split)
        if not _group_fits(differ, match.old, match.new, ops, lengths, side):
            return None
        return match, common_length(ops)


class _GroupSearch:
    """Runs of consecutive parts that may form one whole paragraph."""

    def __init__(self, differ: PairDiffer, whole: int, split: bool, sift: bool):
        self.whole, self.split = whole, split
        self.whole_text = (differ.old if split else differ.new)[whole]
        self.whole_length = len(self.whole_text)
        self.texts = differ.new if split else differ.old
        self.grams = differ.new_grams if split else differ.old_grams
        self.differ = differ
        whole_grams = differ.old_grams if split else differ.new_grams
        self.whole_grams = whole_grams(whole) if sift else None
        self.allowance = differ.allowance
        # Identical texts give identical answers: results are kept by text
        # keys, so copies of a paragraph cost one search.
        self.keys = differ.new_keys if split else differ.old_keys
        whole_key = (differ.old_keys if split else differ.new_keys)[whole]
        self.memo, self.whole_key = differ.memo, (split, whole_key)

    def in_order(self, run: Ids) -> bool:
        """Return False if the run's first and last parts cannot both keep
        PART_COVERAGE of their characters, by a bound charged to the
        allowance."""
        key = ("in order", self.whole_key, self.keys[run[0]], self.keys[run[-1]])
        if key not in self.memo:
            first, last = self.texts[run[0]], self.texts[run[-1]]
            cells = in_order_cells(self.whole_length, len(first), len(last))
            self.allowance.spend(cells)
            self.memo[key] = fits_in_order(self.whole_text, first, last, PART_COVERAGE)
        return self.memo[key]

    def match(self, run: Ids) -> Match:
        if self.split:
            return Match("split", (self.whole,), run)
        return Match("merged", run, (self.whole,))

    def best_runs(self, partners: list[int], diagonal: Diagonal) -> list[_Run]:
        """Return the runs that pass the bigram sifts, with their rank."""
        longest = sorted(len(self.texts[k]) for k in partners)[-MAX_PARTS:]
        joined = sum(longest) + len(longest) - 1
        if joined < self.whole_length and not self._may_fit(joined):
            return []  # no run of partners is long enough: spare the bigrams
        sift = self.whole_grams is not None
        # A partner with no neighbour among the partners is in no run: its
        # bigrams are spared.
        among = set(partners)
        paired = [k for k in partners if k - 1 in among or k + 1 in among]
        parts = [k for k in paired if not sift or self._is_part(k)]
        runs = []
        for start in range(len(parts)):
            runs += self._runs_from(parts, start)
        rank = self._rank(diagonal)
        return [_Run(self, run, rank((run, score))) for run, score in runs]

    def _runs_from(self, parts: list[int], start: int) -> list[tuple[Ids, float]]:
        found, size = [], 0
        self._union: tuple[Ids, set] = ((), set())
        for end in range(start, min(start + MAX_PARTS, len(parts))):
            if parts[end] != parts[start] + end - start:
                break
            size += len(self.texts[parts[end]])
            if PART_COVERAGE * size > self.whole_length:
                # Each part keeps PART_COVERAGE of its characters, each one
                # matched to a distinct one of the whole: longer runs fail too.
                break
            joined = size + end - start  # the parts and the line breaks
            if end == start or not self._may_fit(joined):
                continue
            run = tuple(parts[start : end + 1])
            score = 1.0 if self.whole_grams is None else self._overlap(run)
            if score >= SPLIT_THRESHOLD / 2:
                # Ranked by overlap times length fit: a tiny heading joined
                # to the true parts barely lowers their overlap.
                fit = length_bound(self.whole_length, joined)
                found.append((run, score * fit))
        return found

    def _overlap(self, run: Ids) -> float:
        """Return the Dice coefficient of the whole's bigrams and the run's."""
        key = ("overlap", self.whole_key, tuple(self.keys[k] for k in run))
        if key not in self.memo:
            # Runs from one start grow a part at a time: extend the last union
            # in place, not a copy of it.
            done, grams = self._union
            grams.update(*(self.grams(k) for k in run[len(done) :]))
            self._union = (run, grams)
            self.allowance.spend(GRAM_CELLS * (len(grams) + len(self.whole_grams)))
            self.memo[key] = dice(self.whole_grams, grams)
        return self.memo[key]

    def _rank(self, diagonal: Diagonal):
        if self.split:
            return lambda item: (-item[1], diagonal(self.whole, item[0][0]))
        return lambda item: (-item[1], diagonal(item[0][0], self.whole))

    def _may_fit(self, joined: int) -> bool:
        return length_bound(self.whole_length, joined) >= SPLIT_THRESHOLD

    def _is_part(self, k: int) -> bool:
        key = ("part", self.whole_key, self.keys[k])
        if key not in self.memo:
            self.allowance.spend(GRAM_CELLS * len(self.grams(k)))
            self.memo[key] = self._share_in_whole(k) >= PART_COVERAGE / 2
        return self.memo[key]

    def _share_in_whole(self, k: int) -> float:
        if self.split:
            return self.differ.new_in_old(self.whole, k)
        return self.differ.old_in_new(k, self.whole)


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
