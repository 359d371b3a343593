"""Pair the old and new paragraphs of one replaced block.

Splits and merges compete with one-to-one pairs; the chain keeping the most
unchanged characters wins, so a split is found even when one of its parts
alone would pass for a modified paragraph.
"""

from dataclasses import dataclass

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
# Bigger blocks only pair paragraphs near the block's diagonal.
_DENSE_PAIRS = 2500
_BAND = 25
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
    if len(olds) == 1 and len(news) == 1:
        # A lone pair needs no chain: it is a match or nothing. Long pairs
        # are sifted first: diffing two unrelated 50,000-character
        # paragraphs takes half a minute, their bigrams a millisecond.
        pair = (olds[0], news[0])
        long = len(differ.old[pair[0]]) + len(differ.new[pair[1]]) > _LONG_PAIR
        return [m for m, _ in _pairs([pair], differ, prefilter=long)]
    near = _near_pairs(olds, news)
    sift = len(near) > _SMALL_PAIRS
    candidates = _splits(near, differ, sift) + _merges(near, differ, sift)
    whole = _whole_block(candidates, olds, news)
    if whole is not None:
        # One paragraph became all the others (or the reverse): splits and
        # merges come before one-to-one pairs, so no pair can displace it.
        return [whole]
    candidates += _pairs(near, differ, prefilter=sift)
    boxes = [(m.old[0], m.old[-1], m.new[0], m.new[-1], w) for m, w in candidates]
    return [candidates[k][0] for k in heaviest_chain(boxes)]


def _whole_block(candidates, olds, news) -> Match | None:
    if len(olds) > 1 and len(news) > 1:
        return None
    for match, _ in candidates:
        if list(match.old) == olds and list(match.new) == news:
            return match
    return None


def _pairs(near, differ: PairDiffer, *, prefilter: bool):
    if prefilter:
        near = _likely(near, differ)
    found = []
    for i, j in near:
        similarity, common = differ.similarity((i,), (j,))
        if similarity >= MODIFIED_THRESHOLD:
            found.append((Match("modified", (i,), (j,)), common))
    return found


def _likely(near, differ: PairDiffer):
    """Keep pairs whose bigrams overlap nearly as well as each side's best.

    Paragraphs of one speech share stock phrases, so unrelated long ones
    reach a Dice of about 0.16; diffing them would be slow and pointless.
    """
    scores = [dice(differ.old_grams(i), differ.new_grams(j)) for i, j in near]
    best_old: dict[int, float] = {}
    best_new: dict[int, float] = {}
    for (i, j), score in zip(near, scores, strict=True):
        best_old[i] = max(best_old.get(i, 0.0), score)
        best_new[j] = max(best_new.get(j, 0.0), score)
    return [
        (i, j)
        for (i, j), score in zip(near, scores, strict=True)
        if score >= MODIFIED_THRESHOLD / 2
        and score >= _RELATIVE * max(best_old[i], best_new[j])
    ]


def _near_pairs(olds, news):
    if len(olds) * len(news) <= _DENSE_PAIRS:
        return [(i, j) for i in olds for j in news]
    scale = len(news) / len(olds)
    near = []
    for rank, i in enumerate(olds):
        centre = round(rank * scale)
        low, high = max(centre - _BAND, 0), min(centre + _BAND + 1, len(news))
        near.extend((i, j) for j in news[low:high])
    return near


def _splits(near, differ: PairDiffer, sift: bool):
    found = []
    for i, news in _grouped(near, 0).items():
        if len(news) < 2:  # a split needs two parts: spare the bigrams
            continue
        whole = differ.old_grams(i) if sift else None
        parts = [j for j in news if not sift or _is_part(differ.new_grams(j), whole)]
        for run in _sub_runs(parts):
            grams = [differ.new_grams(j) for j in run] if sift else None
            if sift and not _joined_overlaps(whole, grams):
                continue
            ops = differ.ops((i,), run)
            lengths = [len(differ.new[j]) for j in run]
            if _group_fits(differ, (i,), run, ops, lengths, side=1):
                found.append((Match("split", (i,), run), _common(ops)))
    return found


def _merges(near, differ: PairDiffer, sift: bool):
    found = []
    for j, olds in _grouped(near, 1).items():
        if len(olds) < 2:  # so does a merge
            continue
        whole = differ.new_grams(j) if sift else None
        parts = [i for i in olds if not sift or _is_part(differ.old_grams(i), whole)]
        for run in _sub_runs(parts):
            grams = [differ.old_grams(i) for i in run] if sift else None
            if sift and not _joined_overlaps(whole, grams):
                continue
            ops = differ.ops(run, (j,))
            lengths = [len(differ.old[i]) for i in run]
            if _group_fits(differ, run, (j,), ops, lengths, side=0):
                found.append((Match("merged", run, (j,)), _common(ops)))
    return found


def _grouped(near, side: int) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for pair in sorted(near, key=lambda pair: (pair[side], pair[1 - side])):
        groups.setdefault(pair[side], []).append(pair[1 - side])
    return groups


def _is_part(part, whole) -> bool:
    return containment(part, whole) >= PART_COVERAGE / 2


def _joined_overlaps(whole, parts) -> bool:
    return dice(whole, frozenset().union(*parts)) >= SPLIT_THRESHOLD / 2


def _sub_runs(indices: list[int]):
    """Yield every run of 2 to MAX_PARTS consecutive indices."""
    for start, first in enumerate(indices):
        end = start + 1
        while end < len(indices) and indices[end] == first + (end - start):
            end += 1
            if end - start > MAX_PARTS:
                break
            yield tuple(indices[start:end])


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
