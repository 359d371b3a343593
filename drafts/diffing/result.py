"""Immutable result types of a comparison.

Every change lists paragraph indices and segments; ``to_dict()`` gives the
JSON-ready form other code relies on.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

KINDS = ("equal", "modified", "inserted", "deleted", "moved", "split", "merged")


class Change(NamedTuple):
    # A named tuple rather than a frozen dataclass: one is built per
    # paragraph, and a dataclass's frozen __init__ costs several times more.
    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    segments: tuple[tuple[str, str], ...]
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        if self.kind == "equal" and len(self.segments) == 1:
            # The bulk of any comparison: one segment, no tags.
            return {
                "kind": "equal",
                "old": list(self.old),
                "new": list(self.new),
                "segments": [["equal", self.segments[0][1]]],
                "tags": [],
            }
        return {
            "kind": self.kind,
            "old": list(self.old),
            "new": list(self.new),
            "segments": [[op, text] for op, text in self.segments],
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class Stats:
    kinds: Mapping[str, int]
    inserted_chars: int
    deleted_chars: int
    similarity: float
    old_paragraphs: int
    new_paragraphs: int

    def to_dict(self) -> dict:
        return {
            "kinds": dict(self.kinds),
            "inserted_chars": self.inserted_chars,
            "deleted_chars": self.deleted_chars,
            "similarity": self.similarity,
            "old_paragraphs": self.old_paragraphs,
            "new_paragraphs": self.new_paragraphs,
        }


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    stats: Stats

    def to_dict(self) -> dict:
        return {
            "changes": [change.to_dict() for change in self.changes],
            "stats": self.stats.to_dict(),
        }
