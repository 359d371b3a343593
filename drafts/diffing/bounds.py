"""Upper bounds on what a diff can keep, far cheaper than the diff.

Each bound holds for every diff, whatever its cleanup: a candidate it
rejects could never have passed its threshold.
"""

import math


def length_bound(a: int, b: int) -> float:
    """Return the highest similarity texts of *a* and *b* characters can reach.

    A diff keeps at most the shorter text unchanged: 2 * min(a, b) / (a + b).
    """
    return 2 * min(a, b) / (a + b) if a + b else 1.0


def in_order_cells(whole: int, first: int, last: int) -> int:
    """Return the cost of fits_in_order() for texts of these lengths, in diff
    cells: a pass over the whole with integers as wide as each part."""
    return whole * ((first + last) // 16 + 128)


def fits_in_order(whole: str, first: str, last: str, coverage: float) -> bool:
    """Return False if no diff of *whole* against parts joined from *first*
    to *last* can keep *coverage* of both the first and the last part.

    A diff keeps characters in order on both sides, so those it keeps of the
    first part lie in some prefix of *whole* and those of the last part in
    the rest: the shortest prefix holding enough of the first part must end
    before the shortest suffix holding enough of the last one begins.
    """
    first_need = math.ceil(coverage * len(first))
    last_need = math.ceil(coverage * len(last))
    # The suffix first, searched only as far as the prefix leaves room for
    # (the prefix is at least as long as what it must hold): when the first
    # part is the whole's near copy, as for a paragraph and its neighbour,
    # the last part is the one that cannot fit, found without the costlier
    # search of the prefix.
    suffix = _shortest_prefix(
        whole[::-1], last[::-1], last_need, len(whole) - first_need
    )
    if suffix is None:
        return False
    return _shortest_prefix(whole, first, first_need, len(whole) - suffix) is not None


def _shortest_prefix(text: str, part: str, need: int, limit: int) -> int | None:
    """Return the length, at most *limit*, of the shortest prefix of *text*
    whose longest common subsequence with *part* reaches *need*, or None."""
    if need <= 0:
        return 0
    if need > limit:
        return None
    masks, full = _masks(part)
    rows = full
    # The common subsequence grows by at most one character per character
    # of *text*: it is counted only once it may have reached *need*.
    counted_at = need
    for length, match in enumerate(map(masks.get, text[:limit]), 1):
        if match:
            kept = rows & match
            rows = ((rows + kept) | (rows - kept)) & full
            if length >= counted_at:
                common = len(part) - rows.bit_count()
                if common >= need:
                    return length
                counted_at = length + need - common
    return None


def _masks(text: str) -> tuple[dict[str, int], int]:
    """Return each character's positions in *text* as bits, and all bits."""
    masks: dict[str, int] = {}
    bit = 1
    for char in text:
        masks[char] = masks.get(char, 0) | bit
        bit <<= 1
    return masks, bit - 1
