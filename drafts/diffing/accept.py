"""Build a text from a comparison in which only some changes are accepted.

Accepted changes take the new side, rejected ones keep the old side where it
stood; a rejected move (or moved split or merge) leaves its paragraphs at
their old place. Accepting all changes gives the new text exactly, rejecting
all gives the old text.
"""

from collections import defaultdict
from collections.abc import Collection

from .compare import compare_texts
from .paragraphs import _EDGE_SPACE, _LINE_BREAK, split_paragraphs


def accept_changes(
    old: str,
    new: str,
    accepted: Collection[int],
    *,
    ignore_punct_width=False,
    ignore_script=False,
) -> str:
    """Return *old* with the changes at positions *accepted* applied.

    Positions index the changes of compare_texts(old, new) with the same
    options, as the compare page lists them.
    """
    options = {"ignore_punct_width": ignore_punct_width, "ignore_script": ignore_script}
    changes = compare_texts(old, new, **options).changes
    decisions = [c.kind == "equal" or k in accepted for k, c in enumerate(changes)]
    edited = [k for k, c in enumerate(changes) if c.kind != "equal"]
    if all(decisions[k] for k in edited):
        return new
    if not any(decisions[k] for k in edited):
        return old
    return assemble(changes, decisions, paragraph_lines(old), paragraph_lines(new))


def paragraph_lines(text: str) -> list[str]:
    """Return the lines holding paragraphs, as written (indentation kept)."""
    lines = _LINE_BREAK.split(text)
    # A line of invisible characters only holds no paragraph either.
    return [line.rstrip(_EDGE_SPACE) for line in lines if split_paragraphs(line)]


def assemble(changes, decisions: list[bool], old_lines, new_lines) -> str:
    """Return the text that takes, change by change, the side decided."""
    moved_away = {
        i
        for change, take_new in zip(changes, decisions, strict=True)
        if _moved(change) and take_new
        for i in change.old
    }
    # Rejected moves and deletions keep their old place: each follows the old
    # paragraph before it (old paragraph -> kept paragraphs placed after it).
    staying = defaultdict(list)
    for change, take_new in zip(changes, decisions, strict=True):
        if _keeps_old_place(change, take_new):
            for i in change.old:
                staying[_anchor(i, moved_away)].append(i)
    out: list[str] = []

    def keep_old(i: int) -> None:
        out.append(old_lines[i])
        for k in staying.pop(i, []):
            keep_old(k)

    for k in staying.pop(-1, []):
        keep_old(k)
    for change, take_new in zip(changes, decisions, strict=True):
        if _keeps_old_place(change, take_new):
            continue
        side = (new_lines, change.new) if take_new else (old_lines, change.old)
        out.extend(side[0][i] for i in side[1])
        for i in change.old:
            for k in staying.pop(i, []):
                keep_old(k)
    return "\n".join(out)


def _keeps_old_place(change, take_new: bool) -> bool:
    return (_moved(change) or change.kind == "deleted") and not take_new


def _moved(change) -> bool:
    # A split or merge of paragraphs that stood elsewhere moved them too.
    return change.kind == "moved" or "moved" in change.tags


def _anchor(i: int, moved_away: set[int]) -> int:
    """Return the old paragraph a kept paragraph *i* follows (-1: the start)."""
    k = i - 1
    while k >= 0 and k in moved_away:
        k -= 1
    return k
