"""Figures in Chinese prose: numbers, percentages, dates and amounts, and
which of them differ between two texts. Pure Python; nothing from Django.
Positions are offsets into the text given, so callers can point back at it."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_NUMBER = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_LEAD = "零〇一二三四五六七八九两"
_CN = _CN_LEAD + "十百千"
_UNITS = (
    "平方公里|公里|千米|平方米|公顷|亩|吨|万元|亿元|元|人次|人|名|户|家|项|个|处|"
    "件|条|次|所|座|台|辆|套|批|场|起|宗|篇|类|种|支|届|期|倍|岁|"
    "小时|分钟|秒|天|周|年代|年|月|日|时"
)
_PATTERN = re.compile(
    rf"""
    (?<![\d.])(?:
      (?P<date>(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}[日号]|\d{{4}}年\d{{1,2}}月
              |\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{4}}年(?!代))
    | (?P<percent>(?:{_NUMBER})[%％]|百分之[{_CN}]+(?:点[{_CN}]+)?)
    | (?P<amount>(?:{_NUMBER})[万亿千百]*(?:{_UNITS})?
               |[{_CN_LEAD}][{_CN}]*(?:[万亿]+(?:{_UNITS})?|元|人次|公里))
    )
    """,
    re.VERBOSE,
)
_MAGNITUDES = "万亿千百"
_SENTENCE_END = "。！？；!?;\n"
_LIST_MARKER_AFTER = "、．."
_CONTEXT = 8


@dataclass(frozen=True)
class Figure:
    text: str
    kind: str  # "date", "percent" or "amount" (a number, with or without a unit)
    unit: str  # what a figure must share with another to be the same quantity
    start: int
    end: int

    @property
    def key(self) -> str:
        return unicodedata.normalize("NFKC", self.text).replace(",", "")


@dataclass(frozen=True)
class FigureChange:
    kind: str  # "changed", "added" or "removed"
    old: Figure | None
    new: Figure | None
    old_sentence: str
    new_sentence: str


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Return the figures of *text* in reading order, list markers left out."""
    figures = []
    for match in _PATTERN.finditer(text):
        if _is_list_marker(text, match):
            continue
        kind = match.lastgroup or "amount"
        value = match.group()
        figures.append(
            Figure(value, kind, _unit(kind, value), match.start(), match.end())
        )
    return tuple(figures)


def diff_figures(old: str, new: str) -> tuple[FigureChange, ...]:
    """Return the figures removed from, added to or changed between two texts."""
    old_figures, new_figures = extract_figures(old), extract_figures(new)
    matcher = SequenceMatcher(
        None,
        [f.key for f in old_figures],
        [f.key for f in new_figures],
        autojunk=False,
    )
    changes: list[FigureChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            pairs = _pair(old, new, old_figures[i1:i2], new_figures[j1:j2])
            changes.extend(_change(old, new, a, b) for a, b in pairs)
    return tuple(changes)


def sentence_at(text: str, position: int) -> str:
    """Return the sentence of *text* that holds the character at *position*."""
    start = position
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = position
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
    return text[start:end].strip()


def _is_list_marker(text: str, match: re.Match) -> bool:
    """Tell a heading number ("2、" opening a paragraph, "（3）") from a figure."""
    if match.lastgroup != "amount" or not match.group().isdigit():
        return False
    before = text[match.start() - 1] if match.start() else "\n"
    after = text[match.end() : match.end() + 1]
    heading = before == "\n" and after != "" and after in _LIST_MARKER_AFTER
    bracketed = before in "（(" and after != "" and after in "）)"
    return heading or bracketed


def _unit(kind: str, value: str) -> str:
    if kind == "percent":
        return "%"
    if kind == "date":
        return "".join(ch for ch in value if ch in "年月日号-/.")
    rest = re.sub(rf"^(?:{_NUMBER}|[{_CN}]+)", "", value)
    return rest.lstrip(_MAGNITUDES)


def _pair(old: str, new: str, olds, news) -> list[tuple]:
    """Pair figures of the same kind and unit, closest context first."""
    free = list(news)
    pairs: list[tuple] = []
    for figure in olds:
        candidates = [f for f in free if (f.kind, f.unit) == (figure.kind, figure.unit)]
        if not candidates:
            pairs.append((figure, None))
            continue
        best = max(candidates, key=lambda f: _affinity(old, figure, new, f))
        free.remove(best)
        pairs.append((figure, best))
    pairs.extend((None, figure) for figure in free)
    return pairs


def _affinity(old: str, a: Figure, new: str, b: Figure) -> int:
    before_a, before_b = old[: a.start][-_CONTEXT:], new[: b.start][-_CONTEXT:]
    after_a, after_b = old[a.end :][:_CONTEXT], new[b.end :][:_CONTEXT]
    return _common_prefix(before_a[::-1], before_b[::-1]) + _common_prefix(
        after_a, after_b
    )


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _change(old: str, new: str, a: Figure | None, b: Figure | None) -> FigureChange:
    kind = "changed" if a and b else ("removed" if a else "added")
    return FigureChange(
        kind,
        a,
        b,
        sentence_at(old, a.start) if a else "",
        sentence_at(new, b.start) if b else "",
    )
