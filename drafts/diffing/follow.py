"""Follow an old paragraph into a newer text through a comparison."""

from dataclasses import dataclass

from .result import Change


@dataclass(frozen=True)
class Whereabouts:
    paragraph: int | None  # index in the new text; None when deleted
    is_changed: bool


def follow_paragraphs(changes: tuple[Change, ...]) -> dict[int, Whereabouts]:
    """Return, for every old paragraph index, where it is in the new text."""
    found = {}
    for change in changes:
        target = change.new[0] if change.new else None
        changed = change.kind not in ("equal",) and not _same_text(change)
        for i in change.old:
            found[i] = Whereabouts(target, changed or target is None)
    return found


def _same_text(change: Change) -> bool:
    return all(op == "equal" for op, _ in change.segments)
