"""Match old paragraphs to new ones.

Every old and every new paragraph index ends up in exactly one link; matches
that cross the heaviest in-place chain are moves.
"""

from typing import NamedTuple

from .blocks import lone_diffs, pair_block, sure_diffs
from .caps import Allowance
from .chain import heaviest_chain
from .groups import Match
from .inline import code_ops
from .moves import MARGIN, best_partners, displaced_groups, exact_moves
from .scoring import Ids, PairDiffer

# Paragraph codes start past the BMP so no code is a surrogate.
_FIRST_CODE = 0x10000
_MAX_DISTINCT = 0x110000 - _FIRST_CODE

Block = tuple[list[int], list[int]]
_CHUNK_CHARS = 50_000


class Link(NamedTuple):
    # A named tuple, not a dataclass: one is built per paragraph, and most
    # paragraphs are equal ones whose link is used once and dropped.
    kind: str
    old: Ids
    new: Ids
    # ("moved",) for a split or merge whose old paragraphs stood elsewhere.
    tags: tuple[str, ...] = ()


def align(differ: PairDiffer) -> list[Link]:
    """Return links covering every paragraph of both sides exactly once."""
    same, blocks = paragraph_diff(differ)
    block_olds, block_news = _flatten(blocks)
    exact = exact_moves(block_olds, block_news, differ.old, differ.new)
    blocks = _remove(blocks, exact)
    found = _pair_blocks(blocks, differ)
    fixed = [m for m in found if m.kind != "modified"]
    placed = {
        _pair(m): differ.similarity(m.old, m.new) for m in found if _weak(m, differ)
    }
    # Pairs in place so similar that no partner elsewhere can beat them by
    # MARGIN stay out of the search.
    sure = [_pair(m) for m in found if m.kind == "modified" and _pair(m) not in placed]
    olds, news = _flatten(_remove(blocks, _group_pairs(fixed) + sure))
    # Moves get an allowance of their own: blocks may have spent theirs.
    differ.allowance = Allowance(_chars(olds, news, differ))
    kept, moved = best_partners(olds, news, placed, differ)
    # An exact copy is the best partner there is: only moves with edits may
    # be parts of a split or merge.
    shifted = displaced_groups(moved, *_unpaired(olds, news, kept + moved), differ)
    differ.forget_all_grams()
    moved = exact + _remove_pairs(moved, shifted)
    links = _one_to_one(same, sure + kept, moved, fixed, shifted, differ)
    links += [
        Link("split" if len(m.new) > 1 else "merged", m.old, m.new) for m in fixed
    ]
    # Identical pairs are never left over: only the blocks are looked at.
    taken = sure + kept + moved + _group_pairs(fixed + shifted)
    deleted, inserted = _unpaired(block_olds, block_news, taken)
    links += [Link("deleted", (i,), ()) for i in deleted]
    return links + [Link("inserted", (), (j,)) for j in inserted]


def _pair_blocks(blocks: list[Block], differ: PairDiffer) -> list[Match]:
    """Return the matches inside the blocks, each block drawing on its share
    of one allowance; the diffs a run of blocks will surely make are made
    ahead, together."""
    found = []
    pool = Allowance(_chars(*_flatten(blocks), differ))
    # Lone pairs need no bigram sets to be picked out: all in one batch,
    # which two threads share more evenly than many small ones.
    differ.prefetch(lone_diffs(blocks, differ))
    for chunk in _chunks(blocks, differ):
        differ.prefetch(sure_diffs(chunk, differ))
        for olds, news in chunk:
            differ.allowance = pool.share(_chars(olds, news, differ))
            matches = pair_block(olds, news, differ)
            found += matches
            # Bigram sets outweigh their texts many times over.
            _forget_grams(olds, news, matches, differ)
    return found


def paragraph_diff(differ: PairDiffer) -> tuple[list[tuple[int, int]], list[Block]]:
    """Return identical pairs and the replaced blocks between them."""
    if differ.distinct > _MAX_DISTINCT:
        raise ValueError("too many distinct paragraphs to compare")
    ops = code_ops(_encode(differ.old_keys), _encode(differ.new_keys))
    same, blocks, a, b = [], [], 0, 0
    block: Block = ([], [])
    for op, n in ops:
        if op == "=":
            same.extend(zip(range(a, a + n), range(b, b + n), strict=True))
            a, b = a + n, b + n
            blocks.append(block)
            block = ([], [])
        elif op == "-":
            block[0].extend(range(a, a + n))
            a += n
        else:
            block[1].extend(range(b, b + n))
            b += n
    blocks.append(block)
    return same, [block for block in blocks if block[0] or block[1]]


def _encode(keys: list[int]) -> str:
    return "".join(map(chr, map(_FIRST_CODE.__add__, keys)))


def _chunks(blocks: list[Block], differ: PairDiffer):
    """Yield runs of consecutive blocks of about _CHUNK_CHARS characters: the
    diffs of a run are made ahead together, and the bigram sets that picks
    them out live only as long as the run."""
    chunk: list[Block] = []
    chars = 0
    for block in blocks:
        chunk.append(block)
        chars += _chars(*block, differ)
        if chars >= _CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _chars(olds: list[int], news: list[int], differ: PairDiffer) -> int:
    return sum(len(differ.old[i]) for i in olds) + sum(len(differ.new[j]) for j in news)


def _flatten(blocks: list[Block]) -> tuple[list[int], list[int]]:
    return [i for b in blocks for i in b[0]], [j for b in blocks for j in b[1]]


def _remove(blocks: list[Block], pairs) -> list[Block]:
    olds = {i for i, _ in pairs}
    news = {j for _, j in pairs}
    return [
        ([i for i in b[0] if i not in olds], [j for j in b[1] if j not in news])
        for b in blocks
    ]


def _pair(match: Match) -> tuple[int, int]:
    return match.old[0], match.new[0]


def _weak(match: Match, differ: PairDiffer) -> bool:
    """Return True for a pair in place that a partner elsewhere better by
    MARGIN may take."""
    return (
        match.kind == "modified"
        and differ.similarity(match.old, match.new)[0] + MARGIN <= 1
    )


def _forget_grams(olds, news, matches: list[Match], differ: PairDiffer) -> None:
    """Drop the bigram sets of a block that the move search would not use:
    those of splits, merges and pairs too similar to break, and those of
    paragraphs left over and sketched already, compared with a few
    candidates only. Pairs a partner elsewhere may break keep theirs: the
    search compares every one of them with its partner."""
    settled = [m for m in matches if not _weak(m, differ)]
    differ.forget_grams(
        [i for m in settled for i in m.old], [j for m in settled for j in m.new]
    )
    paired_old = {i for m in matches for i in m.old}
    paired_new = {j for m in matches for j in m.new}
    differ.forget_grams(
        [i for i in olds if i not in paired_old],
        [j for j in news if j not in paired_new],
        sketched=True,
    )


def _group_pairs(groups: list[Match]) -> list[tuple[int, int]]:
    pairs = []
    for match in groups:
        pairs.extend((i, match.new[0]) for i in match.old)
        pairs.extend((match.old[0], j) for j in match.new)
    return pairs


def _unpaired(olds, news, pairs) -> tuple[list[int], list[int]]:
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    return (
        [i for i in olds if i not in paired_old],
        [j for j in news if j not in paired_new],
    )


def _remove_pairs(pairs, groups: list[Match]):
    olds = {i for m in groups for i in m.old}
    return [(i, j) for i, j in pairs if i not in olds]


def _one_to_one(same, pairs, moved, fixed, shifted, differ: PairDiffer) -> list[Link]:
    # The caller orders links by position, so none is sorted here.
    if not moved and not shifted:
        # The paragraph diff pairs identical paragraphs only: no comparison.
        equal = [Link("equal", (i,), (j,)) for i, j in same]
        return equal + [_paired(i, j, differ) for i, j in pairs]
    boxes = [(m.old[0], m.old[-1], m.new[0], m.new[-1]) for m in fixed]
    out = _out_of_place(sorted(same + pairs), moved, boxes, shifted)
    links = [Link("moved" if i in out else "equal", (i,), (j,)) for i, j in same]
    links += [
        Link("moved", (i,), (j,)) if i in out else _paired(i, j, differ)
        for i, j in pairs + moved
    ]
    return links + [
        Link(
            "split" if len(m.new) > 1 else "merged",
            m.old,
            m.new,
            ("moved",) if m.old[0] in out else (),
        )
        for m in shifted
    ]


def _paired(i: int, j: int, differ: PairDiffer) -> Link:
    kind = "equal" if differ.same_text(i, j) else "modified"
    return Link(kind, (i,), (j,))


def _out_of_place(in_place, moved, fixed=(), shifted=()) -> set[int]:
    """Return the old indices of the matches left out of the heaviest chain:
    the ones that moved.

    Runs of consecutive in-place pairs become one box each: any other pair
    lies wholly before, after or across a run, so a chain takes a run whole
    or not at all, and the chain is computed over runs instead of pairs.
    Splits and merges found in place (*fixed*) always stay: a pair crossing
    one moved. Those found among the moves (*shifted*) weigh as one move.
    """
    runs = _runs(in_place)
    # Keeping more pairs in place always wins; among equals, prefer pairs
    # the paragraph diff already placed.
    weight = len(in_place) + len(moved) + len(shifted) + 1
    boxes = [
        (r[0][0], r[-1][0], r[0][1], r[-1][1], (weight + 1) * len(r)) for r in runs
    ]
    boxes += [(i, i, j, j, weight) for i, j in moved]
    units = runs + [[pair] for pair in moved]
    boxes += [(m.old[0], m.old[-1], m.new[0], m.new[-1], weight) for m in shifted]
    units += [[(m.old[0], m.new[0])] for m in shifted]
    anchor_weight = (weight + 1) * (weight + 1)
    boxes += [(*box, anchor_weight) for box in fixed]
    units += [[] for _ in fixed]
    chain = set(heaviest_chain(boxes))
    return {i for k, unit in enumerate(units) if k not in chain for i, _ in unit}


def _runs(pairs):
    runs: list[list[tuple[int, int]]] = []
    last_i = last_j = -2
    for pair in pairs:
        i, j = pair
        if i == last_i + 1 and j == last_j + 1:
            runs[-1].append(pair)
        else:
            runs.append([pair])
        last_i, last_j = i, j
    return runs
