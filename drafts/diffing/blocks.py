"""Pair the old and new paragraphs of one replaced block.

Splits and merges compete with one-to-one pairs; the chain keeping the most
unchanged characters wins, so a split is found even when one of its parts
alone would pass for a modified paragraph.
"""

from .bounds import length_bound
from .caps import likeliest
from .chain import heaviest_chain
from .groups import Match, groups
from .near import Diagonal, near_pairs, near_pairs_are_all
from .scoring import PairDiffer

# Semantic cleanup drops chance matches, so unrelated paragraphs of the demo
# speech stay below 0.26 (two headings sharing "组织工作的"); wikidiff2's 0.2
# was measured on words, which are coarser.
MODIFIED_THRESHOLD = 0.3
# Blocks this small are diffed outright: a C++ diff of every candidate costs
# less than the bigram sets that would prefilter them.
_SMALL_PAIRS = 2
_LONG_PAIR = 4000
_RELATIVE = 0.6


def pair_block(olds: list[int], news: list[int], differ: PairDiffer) -> list[Match]:
    """Return the modified, split and merged matches inside one block."""
    if not olds or not news:
        return []
    if len(olds) == 1 and len(news) == 1:
        return _lone_pair(olds[0], news[0], differ)
    diagonal = Diagonal(olds, news)
    near = near_pairs(olds, news, differ)
    sift = len(near) > _SMALL_PAIRS
    candidates = groups(near, differ, diagonal, sift)
    whole = _whole_block(candidates, olds, news)
    if whole is not None:
        # One paragraph became all the others (or the reverse): splits and
        # merges come before one-to-one pairs, so no pair can displace it.
        return [whole]
    candidates += _pairs(near, differ, diagonal, prefilter=sift)
    boxes = [(m.old[0], m.old[-1], m.new[0], m.new[-1], w) for m, w in candidates]
    return [candidates[k][0] for k in heaviest_chain(boxes)]


def _lone_pair(i: int, j: int, differ: PairDiffer) -> list[Match]:
    """Return the match of a block of one old and one new paragraph, if any.

    A lone pair needs no chain: it is a match or nothing. Long pairs are
    sifted first: diffing two unrelated 50,000-character paragraphs takes
    half a minute, their bigrams a millisecond.
    """
    if len(differ.old[i]) + len(differ.new[j]) > _LONG_PAIR:
        diagonal = Diagonal([i], [j])
        return [m for m, _ in _pairs([(i, j)], differ, diagonal, prefilter=True)]
    if not _diffed_outright(i, j, differ):
        return []
    # The pair is its own likeliest partner, so its diff goes free.
    similarity, _ = differ.similarity((i,), (j,), free=True)
    return [Match("modified", (i,), (j,))] if similarity >= MODIFIED_THRESHOLD else []


def lone_diffs(blocks, differ: PairDiffer) -> list[tuple[int, int]]:
    """Return the pairs of the blocks of one old and one new paragraph that
    pair_block() diffs outright: it surely asks for them."""
    return [
        (olds[0], news[0])
        for olds, news in blocks
        if len(olds) == len(news) == 1 and _diffed_outright(olds[0], news[0], differ)
    ]


def sure_diffs(blocks, differ: PairDiffer) -> list[tuple[int, int]]:
    """Return the diffs pair_block() will surely ask for in the small blocks
    with two paragraphs or more a side, to be made ahead: their free
    partners (no split or merge takes such a block whole, so their pairs
    are always diffed). Lone pairs have lone_diffs(), big blocks make their
    own batches."""
    pairs = []
    for olds, news in blocks:
        if 1 < len(olds) and 1 < len(news) and near_pairs_are_all(olds, news):
            near = near_pairs(olds, news, differ)
            scored = _scored(near, differ, prefilter=len(near) > _SMALL_PAIRS)
            pairs += _free_pairs(scored, Diagonal(olds, news))
    return pairs


def _diffed_outright(i: int, j: int, differ: PairDiffer) -> bool:
    old, new = len(differ.old[i]), len(differ.new[j])
    return old + new <= _LONG_PAIR and length_bound(old, new) >= MODIFIED_THRESHOLD


def _whole_block(candidates, olds, news) -> Match | None:
    if len(olds) > 1 and len(news) > 1:
        return None
    for match, _ in candidates:
        if list(match.old) == olds and list(match.new) == news:
            return match
    return None


def _pairs(near, differ: PairDiffer, diagonal: Diagonal, *, prefilter: bool):
    scored = _scored(near, differ, prefilter=prefilter)
    diffed = dict(_diff_best_first(scored, differ, diagonal))
    found = []
    for pair, _ in scored:
        similarity, common = diffed.get(pair, (0.0, 0))
        if similarity >= MODIFIED_THRESHOLD:
            found.append((Match("modified", pair[:1], pair[1:]), common))
    return found


def _scored(near, differ: PairDiffer, *, prefilter: bool):
    """Return (pair, score) for the pairs worth a diff, in their order in
    *near*."""
    # sure_diffs() scores a small block before pair_block() does: the
    # second asks the memo. Scores depend on the texts alone.
    key = ("scored", tuple(near), prefilter)
    if key not in differ.memo:
        differ.memo[key] = _scored_now(near, differ, prefilter=prefilter)
    return differ.memo[key]


def _scored_now(near, differ: PairDiffer, *, prefilter: bool):
    scored = _likely(near, differ) if prefilter else [(pair, 1.0) for pair in near]
    return [
        (pair, score)
        for pair, score in scored
        if length_bound(len(differ.old[pair[0]]), len(differ.new[pair[1]]))
        >= MODIFIED_THRESHOLD
    ]


def _diff_best_first(scored, differ: PairDiffer, diagonal: Diagonal):
    """Yield (pair, (similarity, unchanged characters)), best pairs first:
    the free pairs always, the others only while the block's allowance
    lasts."""
    free_pairs = _free_pairs(scored, diagonal)
    differ.prefetch(free_pairs)
    for pair, _ in sorted(scored, key=_PairRank(diagonal)):
        free = pair in free_pairs
        if not free and not differ.allowance:
            continue
        yield pair, differ.similarity(pair[:1], pair[1:], free=free)


def _free_pairs(scored, diagonal: Diagonal) -> set[tuple[int, int]]:
    """Return each paragraph's likeliest partner, as a plain two-level diff
    would diff it, up to twice as many as the block's smaller side holds (a
    plain diff makes as many): in a lopsided block, the longer side's
    likeliest partners beyond that are chance look-alikes, paid for by the
    allowance."""
    rank = _PairRank(diagonal)
    ranked = sorted(scored, key=rank)
    likely = likeliest(ranked, rank, _sides)[: 2 * diagonal.smaller_side]
    return {pair for pair, _ in likely}


class _PairRank:
    """Rank (pair, score) items: best score first, then nearest the diagonal."""

    def __init__(self, diagonal: Diagonal) -> None:
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
