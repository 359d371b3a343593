"""Punctuation width and doubled marks: the two checks with mechanical fixes.

A half-width mark is wrong only when its context is Chinese: a character just
outside its run of punctuation is an ideograph. URLs and e-mail are left alone.
"""

import re
from collections.abc import Iterator

from .chars import TRANSPARENT_RUN, is_ideograph, mask_urls
from .result import Issue

FULL_WIDTH = {
    ";": "；",
    "!": "！",
    ",": "，",
    ":": "：",
    "?": "？",
    "(": "（",
    ")": "）",
}
_DOUBLED = re.compile("[，,]{2,}|[；;]{2,}|[：:]{2,}|、{2,}|。{2,}")
_PARENS = "()（）"


def check_punctuation(index: int, paragraph: str) -> list[Issue]:
    """Return half_width_punct and doubled_punct issues of one paragraph."""
    text = mask_urls(paragraph)
    issues = []
    parens = []
    for run in TRANSPARENT_RUN.finditer(text):
        chinese = _is_chinese_context(text, run.start(), run.end())
        covered = set()
        for issue in _doubled(index, run, chinese):
            issues.append(issue)
            covered.update(range(issue.start, issue.end))
        for offset, char in enumerate(run.group(), run.start()):
            if char in _PARENS:
                parens.append((offset, char, chinese))
            elif char in FULL_WIDTH and chinese and offset not in covered:
                issues.append(_half_width(index, offset, char))
    issues.extend(_paren_issues(index, parens))
    return issues


def _is_chinese_context(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return is_ideograph(before) or is_ideograph(after)


def _doubled(index: int, run: re.Match, chinese: bool) -> Iterator[Issue]:
    for match in _DOUBLED.finditer(run.group()):
        marks = match.group()
        if not chinese and marks.isascii():
            continue
        start = run.start() + match.start()
        yield _doubled_issue(index, start, start + len(marks), marks)


def _doubled_issue(index: int, start: int, end: int, marks: str) -> Issue:
    if marks.startswith("。") and len(marks) > 2:
        message = "连用多个句号，省略号应写作“……”"
        return Issue("doubled_punct", index, start, end, message, "……")
    mark = FULL_WIDTH.get(marks[0], marks[0])
    message = f"标点“{mark}”重复"
    return Issue("doubled_punct", index, start, end, message, mark)


def _half_width(index: int, offset: int, char: str) -> Issue:
    full = FULL_WIDTH[char]
    message = f"中文语境中应使用全角“{full}”，而非半角“{char}”"
    return Issue("half_width_punct", index, offset, offset + 1, message, full)


def _paren_issues(index: int, parens: list) -> Iterator[Issue]:
    """Judge matched parentheses as a pair, so both change width together."""
    for group in _pair_parens(parens):
        chinese = any(item[2] for item in group) or any(
            not item[1].isascii() for item in group
        )
        for offset, char, _ in group:
            if chinese and char.isascii():
                yield _half_width(index, offset, char)


def _pair_parens(parens: list) -> Iterator[list]:
    open_parens = []
    for item in parens:
        if item[1] in "(（":
            open_parens.append(item)
        elif open_parens:
            yield [open_parens.pop(), item]
        else:
            yield [item]
    for item in open_parens:
        yield [item]
