"""Outline numbering of speeches and official documents, and the outline tree.

Levels: 1 "一、", 2 "（一）", 3 "1、"/"1."/"1．", 4 "（1）". Each level restarts
under its parent; the tracker keeps one open number per level, so it is linear.
"""

import re
from dataclasses import dataclass

from . import numerals
from .result import Issue, OutlineNode

_DIGITS = "[0-9０-９]{1,3}"
# "2、3月份" and "一、二、三等奖" list numbers; "1.5" is a decimal.
_MARKERS = (
    (1, re.compile(f"({numerals.PATTERN})(、)(?!(?:{numerals.PATTERN})、)")),
    (2, re.compile(rf"([（(])\s*({numerals.PATTERN})\s*([）)])")),
    (3, re.compile(rf"({_DIGITS})([、．.])(?![0-9０-９])")),
    (4, re.compile(rf"([（(])\s*({_DIGITS})\s*([）)])")),
)
# A marker whose number was lost, and the levels it may belong to, deepest first.
_MISSING = (
    (re.compile(r"[（(]\s*[）)]|[）)]"), (4, 2), "（{}）"),
    (re.compile("、"), (3, 1), "{}、"),
    (re.compile("．"), (3,), "{}．"),
    (re.compile(r"\.(?![A-Za-z0-9])"), (3,), "{}."),
)
_TITLE_END = re.compile("[。！？!?]")
TITLE_MAX = 40


@dataclass(frozen=True)
class Marker:
    """The number opening a paragraph; *number* is None when it was left out."""

    levels: tuple[int, ...]
    number: int | None
    end: int
    template: str

    def render(self, level: int, number: int) -> str:
        return self.template.format(_numeral(level, number))


def parse_marker(paragraph: str) -> Marker | None:
    """Return the outline marker opening *paragraph*, or None."""
    for level, pattern in _MARKERS:
        match = pattern.match(paragraph)
        if match:
            groups = match.groups()
            number_at = 1 if len(groups) == 3 else 0
            template = "".join(groups[:number_at]) + "{}" + groups[-1]
            number = _parse_number(level, groups[number_at])
            return Marker((level,), number, match.end(), template)
    for pattern, levels, template in _MISSING:
        match = pattern.match(paragraph)
        if match:
            return Marker(levels, None, match.end(), template)
    return None


def _parse_number(level: int, text: str) -> int:
    return numerals.parse_chinese(text) if level in (1, 2) else int(text)


def _numeral(level: int, number: int) -> str:
    return numerals.to_chinese(number) if level in (1, 2) else str(number)


def heading_title(paragraph: str, marker: Marker) -> str:
    """Return the heading text after the marker, up to its first full stop."""
    text = paragraph[marker.end :].lstrip()
    match = _TITLE_END.search(text, 0, TITLE_MAX + 1)
    return (text[: match.start()] if match else text[:TITLE_MAX]).rstrip("：:")


def check_headings(
    paragraphs: list[str],
) -> tuple[list[Issue], tuple[OutlineNode, ...]]:
    """Return numbering issues and the outline tree of *paragraphs*."""
    tracker = _Tracker()
    for index, paragraph in enumerate(paragraphs):
        marker = parse_marker(paragraph)
        if marker is not None:
            tracker.add(index, paragraph, marker)
    return tracker.issues, build_outline(tracker.headings)


class _Tracker:
    def __init__(self) -> None:
        self.open: list[tuple[int, int]] = []  # (level, last number), shallow first
        self.issues: list[Issue] = []
        self.headings: list[tuple[int, int, int, str]] = []

    def add(self, index: int, paragraph: str, marker: Marker) -> None:
        if marker.number is None:
            level = self._open_level(marker.levels)
            if level is None:
                self._issue("heading_missing_number", index, marker, "缺少序号", None)
                return
            number = self._previous(level) + 1
            self._missing(index, marker, marker.render(level, number))
        else:
            level, number = marker.levels[0], marker.number
            self._check(index, marker, level, number)
        self._record(level, number)
        self.headings.append((level, index, number, heading_title(paragraph, marker)))

    def _missing(self, index: int, marker: Marker, wanted: str) -> None:
        message = f"缺少序号，应为“{wanted}”"
        self._issue("heading_missing_number", index, marker, message, wanted)

    def _check(self, index: int, marker: Marker, level: int, number: int) -> None:
        previous = self._previous(level)
        if number == previous + 1:
            return
        shown, wanted = marker.render(level, number), marker.render(level, previous + 1)
        if number == previous:
            message = f"序号“{shown}”与上一个同级序号重复，应为“{wanted}”"
            self._issue("heading_repeat", index, marker, message, wanted)
        elif number > previous:
            message = f"序号跳号：此处应为“{wanted}”，却是“{shown}”"
            self._issue("heading_gap", index, marker, message, None)
        else:
            message = f"序号顺序错乱：“{shown}”排在同级序号之后，此处应为“{wanted}”"
            self._issue("heading_order", index, marker, message, wanted)

    def _open_level(self, candidates: tuple[int, ...]) -> int | None:
        """Return the deepest candidate level that is open, for a lost number."""
        open_levels = {level for level, _ in self.open}
        return next((level for level in candidates if level in open_levels), None)

    def _previous(self, level: int) -> int:
        """Return the last number at *level* under the current parent, or 0."""
        for open_level, number in reversed(self.open):
            if open_level <= level:
                return number if open_level == level else 0
        return 0

    def _record(self, level: int, number: int) -> None:
        while self.open and self.open[-1][0] >= level:
            self.open.pop()
        self.open.append((level, number))

    def _issue(
        self,
        code: str,
        index: int,
        marker: Marker,
        message: str,
        suggestion: str | None,
    ) -> None:
        self.issues.append(Issue(code, index, 0, marker.end, message, suggestion))


def build_outline(
    headings: list[tuple[int, int, int, str]],
) -> tuple[OutlineNode, ...]:
    """Return OutlineNode trees from (level, paragraph, number, title) rows."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for level, paragraph, number, title in headings:
        while stack[-1][0] >= level:
            stack.pop()
        children: list = []
        stack[-1][1].append((level, paragraph, number, title, children))
        stack.append((level, children))
    return _freeze(root)


def _freeze(rows: list) -> tuple:
    return tuple(
        OutlineNode(level, paragraph, number, title, _freeze(children))
        for level, paragraph, number, title, children in rows
    )
