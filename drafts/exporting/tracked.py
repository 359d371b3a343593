"""A comparison as a Word document whose every change is a tracked change.

Accepting every change gives the newer text's paragraphs exactly, rejecting
every change the older text's: insertions in w:ins, deletions in w:del with
w:delText, paragraphs moved unchanged in w:moveFrom/w:moveTo inside named
move ranges, and each paragraph break that only one side has as a tracked
paragraph mark, so that no empty paragraph is left behind either way.
"""

from bisect import bisect_left
from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from . import official, ooxml
from .ooxml import DocumentInfo

OLD_OPS = frozenset({"equal", "delete", "moveFrom"})
NEW_OPS = frozenset({"equal", "insert", "moveTo"})
_ANCHORED = frozenset({"equal", "modified", "split", "merged"})
_WRAPPERS = {"insert": "w:ins", "delete": "w:del", "moveFrom": "w:moveFrom"}
_WRAPPERS["moveTo"] = "w:moveTo"


class Unit(NamedTuple):
    """Paragraphs of one change in document order: (op, text) segments in
    which "\\n" ends a paragraph; *move* names the move the unit is one end of."""

    segments: tuple[tuple[str, str], ...]
    move: str = ""


class Text(NamedTuple):
    op: str
    text: str


class Break(NamedTuple):
    """The end of a paragraph in the older text, the newer one or both."""

    old: bool
    new: bool
    op: str  # the tracked op of a break one side lacks: insert/delete/move*


class Range(NamedTuple):
    op: str  # moveFrom or moveTo
    edge: str  # start or end
    name: str


def units(changes: list[dict]) -> list[Unit]:
    """Return the changes as units in the order the document shows them.

    The newer text's order is kept; what only the older text has (deleted
    paragraphs, the place a paragraph moved away from) goes back where it
    stood, before whatever is new in the same place.
    """
    anchors: list[Unit] = []
    firsts: list[int] = []  # the first old index of each anchor
    old_only: list[tuple[int, Unit]] = []
    new_only: dict[int, list[Unit]] = defaultdict(list)
    last_old, moves = -1, 0
    for change in changes:
        kind, old = change["kind"], change["old"]
        segments = tuple((op, text) for op, text in change["segments"])
        if kind == "inserted":
            new_only[len(anchors)].append(Unit(segments))
        elif kind == "deleted":
            old_only.append((old[0], Unit(segments)))
        elif kind in _ANCHORED and old[0] > last_old:
            anchors.append(Unit(segments))
            firsts.append(old[0])
            last_old = old[-1]
        else:
            # Moved, or matched out of the older text's order: one end here,
            # the other where the older text had it.
            moves += 1
            source, target = _ends(segments, f"move{moves}")
            old_only.append((old[0], source))
            new_only[len(anchors)].append(target)
    old_gaps: dict[int, list[Unit]] = defaultdict(list)
    for index, unit in sorted(old_only, key=lambda item: item[0]):
        old_gaps[bisect_left(firsts, index)].append(unit)
    ordered: list[Unit] = []
    for gap in range(len(anchors) + 1):
        ordered += old_gaps[gap] + new_only[gap]
        ordered += anchors[gap : gap + 1]
    return ordered


def _ends(segments, name: str) -> tuple[Unit, Unit]:
    """Return the source and target of a paragraph that changed place: a
    real move when its text is unchanged, else a deletion and an insertion
    (Word moves text as it is; an edit inside a move has no clean form)."""
    old = "".join(text for op, text in segments if op in OLD_OPS)
    new = "".join(text for op, text in segments if op in NEW_OPS)
    if old == new and "\n" not in old:
        return Unit((("moveFrom", old),), name), Unit((("moveTo", new),), name)
    return Unit((("delete", old),)), Unit((("insert", new),))


def tokens(ordered: list[Unit]) -> list[Text | Break | Range]:
    """Return the document as a stream of text, paragraph breaks and move
    range edges. The last break of each side is dropped: a text of n
    paragraphs has n - 1 breaks, and the document's last paragraph mark is
    nobody's change."""
    stream: list[Text | Break | Range] = []
    for unit in ordered:
        move = unit.move and unit.segments[0][0]
        if move:
            stream.append(Range(move, "start", unit.move))
        for op, value in unit.segments:
            first, *rest = value.split("\n")
            stream.append(Text(op, first))
            for piece in rest:
                stream.append(_break(op in OLD_OPS, op in NEW_OPS, op))
                stream.append(Text(op, piece))
        has_old = any(op in OLD_OPS for op, _ in unit.segments)
        has_new = any(op in NEW_OPS for op, _ in unit.segments)
        stream.append(_break(has_old, has_new, move or ""))
        if move:
            stream.append(Range(move, "end", unit.move))
    _drop_last(stream, old=True)
    _drop_last(stream, old=False)
    return [t for t in stream if not (isinstance(t, Text) and not t.text)]


def _drop_last(stream: list, *, old: bool) -> None:
    """Take the last break of the older (or newer) text off that side."""
    for index in range(len(stream) - 1, -1, -1):
        token = stream[index]
        if isinstance(token, Break) and (token.old if old else token.new):
            keep_old, keep_new = token.old and not old, token.new and old
            stream[index] = _break(keep_old, keep_new, token.op)
            return


def _break(old: bool, new: bool, op: str) -> Break:
    if old and new:
        return Break(True, True, "equal")
    if op in ("moveFrom", "moveTo"):
        return Break(old, new, op if (op == "moveFrom") == old else "")
    return Break(old, new, "delete" if old else ("insert" if new else ""))


class _Writer:
    """Block-level XML from the token stream, with one counter for the ids
    every revision and range edge must carry, each unique."""

    def __init__(self, author: str, date: datetime):
        when = ooxml.w_date(date)
        self.stamp = f' w:author={ooxml.attr(author)} w:date="{when}"'
        self.next_id = 0
        self.range_ids: dict[tuple[str, str], int] = {}
        self.blocks: list[str] = []
        # The open paragraph: (op, text) pieces and ("xml", range edge) markers.
        self.pieces: list[tuple[str, str]] = []

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _wrap(self, op: str, inner: str = "") -> str:
        """Return the revision element *op* around *inner* (empty: a mark)."""
        tag = _WRAPPERS[op]
        opening = f'<{tag} w:id="{self._id()}"{self.stamp}'
        return f"{opening}>{inner}</{tag}>" if inner else f"{opening}/>"

    def add(self, token) -> None:
        if isinstance(token, Text):
            self.pieces.append((token.op, token.text))
        elif isinstance(token, Range):
            self._range(token)
        elif token.old or token.new:
            self._close(token.op)

    def _range(self, token: Range) -> None:
        key = (token.op, token.name)
        if token.edge == "start":
            self.range_ids[key] = self._id()
            xml = (
                f'<w:{token.op}RangeStart w:id="{self.range_ids[key]}"{self.stamp}'
                f" w:name={ooxml.attr(token.name)}/>"
            )
        else:
            xml = f'<w:{token.op}RangeEnd w:id="{self.range_ids[key]}"/>'
        # Between paragraphs when none is open, so that a moved paragraph's
        # mark lies inside its range too.
        if self.pieces:
            self.pieces.append(("xml", xml))
        else:
            self.blocks.append(xml)

    def _close(self, mark_op: str) -> None:
        mark = "" if mark_op == "equal" else self._wrap(mark_op)
        self.blocks.append(self._paragraph(mark))
        self.pieces = []

    def _paragraph(self, mark: str) -> str:
        new_text = "".join(t for op, t in self.pieces if op in NEW_OPS)
        old_text = "".join(t for op, t in self.pieces if op in OLD_OPS)
        shown = new_text or old_text
        heading = official.heading_of(shown)
        style = ""
        if heading is not None and heading.end == len(shown):
            style = f"Heading{heading.level}"
        runs = "".join(self._runs(_heading_limits(old_text, new_text)))
        return official.paragraph(runs, style=style, mark=mark)

    def _runs(self, limits):
        positions = {"old": 0, "new": 0}
        for op, value in self.pieces:
            if op == "xml":
                yield value
                continue
            side = "new" if op in NEW_OPS else "old"
            for part, level in _styled(value, positions[side], limits[side]):
                rpr = official.heading_rpr(level) if level else ""
                xml = ooxml.run(part, rpr=rpr, deleted=op == "delete")
                yield xml if op == "equal" else self._wrap(op, xml)
            positions[side] += len(value)
            if op == "equal":
                positions["old"] += len(value)

    def finish(self) -> list[str]:
        self.blocks.append(self._paragraph(""))
        return self.blocks


def _heading_limits(old_text: str, new_text: str) -> dict:
    """Return, for each side, (level, end) of its heading or (0, 0)."""
    return {
        side: tuple(official.heading_of(value) or (0, 0))
        for side, value in (("old", old_text), ("new", new_text))
    }


def _styled(value: str, start: int, limit: tuple[int, int]):
    """Yield (part, heading level or 0) of *value*, which starts at *start*
    in its side's paragraph text whose heading runs to limit[1]."""
    level, end = limit
    cut = max(0, min(len(value), end - start))
    if cut:
        yield value[:cut], level
    if cut < len(value):
        yield value[cut:], 0


def comparison_docx(
    comparison: dict,
    *,
    author: str,
    date: datetime,
    info: DocumentInfo,
    header: str = "",
) -> bytes:
    """Return the .docx of *comparison* (compare_texts(...).to_dict()) with
    every change tracked as made by *author* at *date*."""
    writer = _Writer(author, date)
    for token in tokens(units(comparison["changes"])):
        writer.add(token)
    blocks = writer.finish()
    return official.document(blocks, info, header=header, track_revisions=True)
