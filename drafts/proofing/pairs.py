"""Paired marks: unbalanced brackets and quotes, nested titles inside 《》.

Parentheses match regardless of width (their width is punctuation.py's job).
Angle brackets count only inside 《》, where they stand for a nested title.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .result import Issue

_CLOSER_OF = {
    "《": "》",
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": "）",
    "【": "】",
    "〈": "〉",
}
_OPENER_OF = {
    "》": "《",
    "”": "“",
    "’": "‘",
    "）": "（",
    ")": "（",
    "】": "【",
    "〉": "〈",
}
_KIND = {"(": "（"}
_MARKS = re.compile("[《》“”‘’（）()【】〈〉<>＜＞]")
_NESTED_MESSAGE = "书名号内的书名应使用单书名号“〈〉”"


@dataclass
class _Open:
    char: str
    offset: int
    nested: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        return _KIND.get(self.char, self.char)


class _Scanner:
    """Match paired marks of one paragraph left to right, in linear time."""

    def __init__(self, index: int, paragraph: str) -> None:
        self.index = index
        self.text = paragraph
        self.stack: list[_Open] = []
        self.counts: Counter = Counter()
        self.issues: list[Issue] = []
        self.outer_title = _Open("《", -1)

    def run(self, quote_continues: bool) -> list[Issue]:
        for match in _MARKS.finditer(self.text):
            self._step(match.group(), match.start())
        for item in self.stack:
            if not (quote_continues and item.char == "“"):
                self._report_unclosed(item)
        return self.issues

    def _step(self, char: str, offset: int) -> None:
        if char in "<＜":
            if self.counts["《"]:
                self._push(_Open("<", offset))
        elif char in ">＞":
            self._close_angle(offset)
        elif char in _CLOSER_OF:
            self._open(char, offset)
        elif not self._is_apostrophe(char, offset):
            self._close(char, offset)

    def _open(self, char: str, offset: int) -> None:
        item = _Open(char, offset)
        if char == "《" and not self.counts["《"]:
            self.outer_title = item
        self._push(item)

    def _push(self, item: _Open) -> None:
        self.stack.append(item)
        self.counts[item.kind] += 1

    def _pop(self) -> _Open:
        item = self.stack.pop()
        self.counts[item.kind] -= 1
        return item

    def _close_angle(self, offset: int) -> None:
        if self.stack and self.stack[-1].char == "<":
            opener = self._pop()
            self._nested(opener.offset, "〈")
            self._nested(offset, "〉")
        elif self.counts["《"]:
            self._nested(offset, "〉")

    def _close(self, char: str, offset: int) -> None:
        kind = _OPENER_OF[char]
        if not self.counts[kind]:
            self._unbalanced(offset, f"“{char}”前缺少对应的“{kind}”")
            return
        while self.stack[-1].kind != kind:
            self._report_unclosed(self._pop())
        opener = self._pop()
        if kind == "《":
            self._close_title(opener, offset)

    def _close_title(self, opener: _Open, offset: int) -> None:
        """Report titles nested in 《》 once the outermost title closes."""
        if self.counts["《"]:
            self.outer_title.nested += [(opener.offset, "〈"), (offset, "〉")]
            return
        for nested_offset, suggestion in opener.nested:
            self._nested(nested_offset, suggestion)

    def _report_unclosed(self, item: _Open) -> None:
        if item.char == "<":
            self._nested(item.offset, "〈", "，且缺少“〉”")
        else:
            closer = _CLOSER_OF[item.char]
            self._unbalanced(item.offset, f"“{item.char}”后缺少对应的“{closer}”")

    def _is_apostrophe(self, char: str, offset: int) -> bool:
        """Tell the English apostrophe (don’t, students’) from a closing quote."""
        if char != "’" or self.counts["‘"] or offset == 0:
            return False
        before = self.text[offset - 1]
        return before.isascii() and before.isalpha()

    def _nested(self, offset: int, suggestion: str, note: str = "") -> None:
        message = _NESTED_MESSAGE + note
        self.issues.append(
            Issue("nested_title", self.index, offset, offset + 1, message, suggestion)
        )

    def _unbalanced(self, offset: int, message: str) -> None:
        self.issues.append(
            Issue("unbalanced_pair", self.index, offset, offset + 1, message)
        )


def check_pairs(index: int, paragraph: str, quote_continues: bool) -> list[Issue]:
    """Return unbalanced_pair and nested_title issues of one paragraph.

    *quote_continues* is true when the next paragraph opens with “: a quotation
    running over several paragraphs leaves each but the last one unclosed.
    """
    return _Scanner(index, paragraph).run(quote_continues)
