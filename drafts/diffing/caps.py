"""Deterministic caps on speculative work: an allowance, and the likeliest
candidates that go free of it.

Caps never read the clock: the same texts always get the same result, and
texts edited by hand stay well within them.
"""

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Work a search may spend on candidates beyond each paragraph's likeliest
# partner, per character searched, in diff cells (2 to 5 ns each here); the
# floor lets small texts be searched in full. Drafts edited by hand spend
# far less; texts whose paragraphs all share one vocabulary spend it all.
CELLS_PER_CHAR = 200
_FLOOR_CELLS = 5_000_000
# What comparing or joining bigram sets costs per bigram, in diff cells.
GRAM_CELLS = 3


class Allowance:
    """Work left for speculative candidates, in diff cells.

    Charged with each diff's and each bound's cost as computed from lengths,
    never with the clock, so the same texts always get the same result. A
    share, for one block, also draws on the allowance it was taken from.
    """

    def __init__(self, chars: int, pool: "Allowance | None" = None) -> None:
        self.left, self.pool = CELLS_PER_CHAR * chars + _FLOOR_CELLS, pool

    def __bool__(self) -> bool:
        return self.left > 0 and (self.pool is None or bool(self.pool))

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.pool is not None:
            self.pool.spend(cells)

    def share(self, chars: int) -> "Allowance":
        """Return an allowance for *chars* characters that draws on this one."""
        return Allowance(chars, self)


def likeliest(
    items: Sequence[T],
    rank: Callable[[T], tuple],
    groups: Callable[[T], tuple[Hashable, ...]],
) -> list[T]:
    """Return, in their order, the items that rank first (lowest) in any of
    their groups; ties go to the earlier item."""
    seen: set[Hashable] = set()
    kept = set()
    for k in sorted(range(len(items)), key=lambda k: (rank(items[k]), k)):
        keys = groups(items[k])
        if not seen.issuperset(keys):
            kept.add(k)
        seen.update(keys)
    return [item for k, item in enumerate(items) if k in kept]
