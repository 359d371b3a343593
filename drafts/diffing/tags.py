"""Tags for paired paragraphs whose only difference is cosmetic."""

import re

from .paragraphs import fold_punct_width

_CN = "一二三四五六七八九十百千零〇两"
_HEADING_NUMBER = re.compile(
    rf"第[{_CN}\d]+[章节条部分]*|[{_CN}]+[、．.]|[（(][{_CN}\d]+[）)]|\d+[、．.]"
)


def change_tags(old: str, new: str, *, fold: bool) -> tuple[str, ...]:
    """Return ("punctuation",) or ("renumbering",) when that is all that changed."""
    if old == new:
        return ()
    if not fold and len(old) == len(new) and _width_only(old, new):
        return ("punctuation",)
    if _renumbered(old, new, fold):
        return ("renumbering",)
    return ()


def _width_only(old: str, new: str) -> bool:
    return fold_punct_width(old) == fold_punct_width(new)


def _renumbered(old: str, new: str, fold: bool) -> bool:
    old_number, new_number = _HEADING_NUMBER.match(old), _HEADING_NUMBER.match(new)
    if not old_number or not new_number:
        return False
    old_rest, new_rest = old[old_number.end() :], new[new_number.end() :]
    if fold:
        old_rest, new_rest = fold_punct_width(old_rest), fold_punct_width(new_rest)
    return old_number.group() != new_number.group() and old_rest == new_rest
