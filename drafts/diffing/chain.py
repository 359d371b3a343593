"""Heaviest chain of boxes increasing on both axes.

Used to pick which paragraph matches stay in place: anything left out of the
chain crosses another match and therefore moved.
"""

import heapq
from collections.abc import Sequence

# (old_first, old_last, new_first, new_last, weight)
Box = tuple[int, int, int, int, int]


def heaviest_chain(boxes: Sequence[Box]) -> list[int]:
    """Return indices of boxes forming the heaviest strictly increasing chain."""
    if not boxes:
        return []
    tree = _MaxTree(max(box[3] for box in boxes) + 2)
    score, prev, pending = [0] * len(boxes), [-1] * len(boxes), []
    for k in sorted(range(len(boxes)), key=lambda k: (boxes[k][0], boxes[k][2])):
        old_first, _, new_first, _, weight = boxes[k]
        while pending and pending[0][0] < old_first:
            _, done = heapq.heappop(pending)
            tree.update(boxes[done][3] + 1, (score[done], done))
        best, prev[k] = tree.query(new_first)
        score[k] = best + weight
        heapq.heappush(pending, (boxes[k][1], k))
    k = max(range(len(boxes)), key=lambda k: (score[k], k))
    chain = []
    while k >= 0:
        chain.append(k)
        k = prev[k]
    return chain[::-1]


class _MaxTree:
    """Fenwick tree answering prefix maxima of (score, index) pairs."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._tree = [(0, -1)] * (size + 1)

    def update(self, pos: int, value: tuple[int, int]) -> None:
        while pos <= self._size:
            if value > self._tree[pos]:
                self._tree[pos] = value
            pos += pos & -pos

    def query(self, pos: int) -> tuple[int, int]:
        best = (0, -1)
        while pos > 0:
            if self._tree[pos] > best:
                best = self._tree[pos]
            pos -= pos & -pos
        return best
