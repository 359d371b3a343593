"""Tags for paired paragraphs whose only difference is cosmetic.

"width": full-width and half-width forms (paragraphs.fold_punct_width);
"script": traditional and simplified characters (paragraphs.fold_script);
"renumbering": the number opening a heading or list item, rest unchanged.
"""

import re

from .paragraphs import fold_punct_width, fold_script

_CN = "一二三四五六七八九十百千零〇两"
# Circled, parenthesised and dotted numbers: ① ⑴ ⒈ ⓫ ❶ ➀ ➊ ㈠ ㊀.
_SYMBOL = "\u2460-\u249b\u24eb-\u24ff\u2776-\u2793\u3220-\u3229\u3280-\u3289"
# Sequence words count only before a comma or colon, where they number the
# points of a speech ("首先，"); elsewhere they are words like any other.
_ORDINAL = "(?:首先|其次|再次|最后)(?=[，,：:])"
_HEADING_NUMBER = re.compile(
    rf"第[{_CN}\d]+[章节条部分]*|[{_CN}]+[、．.]|[（(][{_CN}\d]+[）)]|\d+[、．.]"
    rf"|[{_SYMBOL}]|[{_CN}]+是|其[{_CN}]+|{_ORDINAL}"
)


def change_tags(
    old: str, new: str, *, fold: bool, script: bool = False
) -> tuple[str, ...]:
    """Return the cosmetic kinds of change that are all that changed: "width"
    and/or "script", or "renumbering". Variants the comparison ignores
    (*fold* for width, *script*) are no change and get no tag."""
    if old == new:
        return ()
    # Both folds keep lengths: texts of other lengths differ in more.
    if len(old) == len(new):
        width_folded = fold_punct_width(old), fold_punct_width(new)
        if fold_script(width_folded[0]) == fold_script(width_folded[1]):
            return _cosmetic(old, new, width_folded, fold, script)
    if _renumbered(old, new, fold, script):
        return ("renumbering",)
    return ()


def _cosmetic(old, new, width_folded, fold: bool, script: bool) -> tuple[str, ...]:
    tags = []
    if not fold and fold_script(old) != fold_script(new):
        tags.append("width")
    if not script and width_folded[0] != width_folded[1]:
        tags.append("script")
    return tuple(tags)


def _renumbered(old: str, new: str, fold: bool, script: bool) -> bool:
    old_number, new_number = _HEADING_NUMBER.match(old), _HEADING_NUMBER.match(new)
    if not old_number or not new_number:
        return False
    old_rest, new_rest = old[old_number.end() :], new[new_number.end() :]
    if fold:
        old_rest, new_rest = fold_punct_width(old_rest), fold_punct_width(new_rest)
    if script:
        old_rest, new_rest = fold_script(old_rest), fold_script(new_rest)
    return old_number.group() != new_number.group() and old_rest == new_rest
