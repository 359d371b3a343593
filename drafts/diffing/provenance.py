"""Where each paragraph of a revision came from: the revision where it first
appeared and the one that last changed it, carried from the revision before
through their comparison. Moves are followed, not counted as new text; a
split or merged paragraph keeps the oldest origin of what it was made from.
Pure: plain values in, plain values out."""

from typing import NamedTuple


class Origin(NamedTuple):
    first: int  # number of the revision where the paragraph first appeared
    changed: int  # number of the revision that last changed it
    author: int  # id of that revision's author

    def to_list(self) -> list[int]:
        return list(self)


def first_provenance(paragraphs: int, number: int, author: int) -> list[Origin]:
    """Return the provenance of a revision with no base: all of it is new."""
    return [Origin(number, number, author)] * paragraphs


def carry_provenance(
    previous: list[Origin], changes: list[dict], number: int, author: int
) -> list[Origin]:
    """Return the provenance of revision *number* by *author*, from its
    base's provenance *previous* and their comparison *changes* (the engine's
    to_dict() changes, one per paragraph where unchanged)."""
    placed: dict[int, Origin] = {}
    for change in changes:
        for index in change["new"]:
            placed[index] = _origin(change, previous, number, author)
    return [placed[index] for index in range(len(placed))]


def _origin(change: dict, previous: list[Origin], number: int, author: int):
    if not change["old"]:
        return Origin(number, number, author)
    sources = [previous[index] for index in change["old"]]
    first = min(origin.first for origin in sources)
    if _untouched(change) and len(sources) == 1:
        return sources[0]
    return Origin(first, number, author)


def _untouched(change: dict) -> bool:
    # Unchanged and moved-as-is paragraphs carry no insertion or deletion.
    return all(op == "equal" for op, _ in change["segments"])
