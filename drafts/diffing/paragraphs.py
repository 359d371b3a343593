"""Split texts into paragraphs; fold width and script variants.

A paragraph is one non-empty line stripped of surrounding white space and of
invisible format characters, so layout alone (indentation, blank lines, line
endings, zero-width characters) never makes a change. The folds map one
character to one character, so positions in a folded text are valid in the
original.
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import opencc

_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
# str.strip() knows every Unicode space (U+3000, NBSP, ...) but not the BOM;
# all characters Python calls white space lie below U+3001.
_EDGE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"
# Format characters that draw nothing in Chinese text: zero-width space, word
# joiner, BOM, soft hyphen, direction marks, embeddings and isolates, invisible
# operators, Mongolian vowel separator. Dropped like indentation.
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
# The zero-width (non-)joiner shapes emoji sequences and Arabic or Indic
# letters; beside ASCII, CJK or a line edge it joins nothing and is dropped.
_JOINERS = "\u200c\u200d"
_PLAIN = "\u0000-\u007f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# Applied to one stripped line at a time: its edges are the line's.
_LAYOUT = re.compile(
    f"[{_INVISIBLE}]+|(?<=[{_PLAIN}])[{_JOINERS}]+|[{_JOINERS}]+(?=[{_PLAIN}])"
    f"|^[{_JOINERS}]+|[{_JOINERS}]+$"
)
_HAS_LAYOUT = re.compile(f"[{_INVISIBLE}{_JOINERS}]")


def _width_table() -> dict[str, str]:
    # Full-width ASCII (U+FF01-FF5E), full-width signs (U+FFE0-FFE6) and
    # half-width katakana and marks: their compatibility decomposition says
    # <wide> or <narrow> and names the other form.
    table = {}
    for code in range(0xFF01, 0xFFEF):
        kind, _, target = unicodedata.decomposition(chr(code)).partition(" ")
        if kind in ("<wide>", "<narrow>"):
            table[chr(code)] = chr(int(target, 16))
    # Every space but the ASCII one (NBSP, U+3000, thin spaces, ...).
    spaces = (chr(c) for c in range(0x3001) if unicodedata.category(chr(c)) == "Zs")
    table.update((space, " ") for space in spaces if space != " ")
    # Curly quotes typed as straight ones.
    table.update({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    return table


WIDTH_VARIANTS = _width_table()
# The marks of Chinese prose, found with plain substring tests (fast on CJK
# text); the other variants are rare, and one regular expression finds them.
_COMMON = "，；：！？（）“”‘’"
_RARE = re.compile(
    "[" + re.escape("".join(sorted(set(WIDTH_VARIANTS) - set(_COMMON)))) + "]"
)
# The ideographic full stop is a full-width "." unless it sits between ASCII
# letters or digits, where a "." is a decimal point or part of a name.
_STOP = "\u3002"
_STOP_IN_NAME = re.compile(f"[0-9A-Za-z]{_STOP}[0-9A-Za-z]")
_FULL_STOP = re.compile(f"(?<![0-9A-Za-z]){_STOP}|{_STOP}(?![0-9A-Za-z])")


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty, stripped lines of *text* in reading order."""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        raw = _LINE_BREAK.split(text)
    else:
        raw = text.split("\n")
    lines = [line.strip(_EDGE_SPACE) for line in raw]
    # Every invisible character is unprintable, and most lines are printable:
    # asking each line beats searching the whole text.
    if not all(map(str.isprintable, lines)):
        lines = [p if p.isprintable() else _without_layout(p) for p in lines]
    return [line for line in lines if line]


def _without_layout(line: str) -> str:
    # Most unprintable lines hold a space such as U+3000, not layout: one
    # character class finds that out faster than the substitution does.
    if _HAS_LAYOUT.search(line):
        return _LAYOUT.sub("", line).strip(_EDGE_SPACE)
    return line


def fold_punct_width(text: str) -> str:
    """Return *text* with each width variant replaced by its ordinary form:
    ASCII letters, digits, marks and space for their full-width forms and
    other spaces, '"' and "'" for curly quotes, "." for "。".

    The text itself comes back when nothing is folded.
    """
    # str.replace passes beat str.translate, which is slow on CJK text.
    for char in _COMMON:
        if char in text:
            text = text.replace(char, WIDTH_VARIANTS[char])
    if _RARE.search(text):
        for char in set(_RARE.findall(text)):
            text = text.replace(char, WIDTH_VARIANTS[char])
    if _STOP in text:
        if _STOP_IN_NAME.search(text):
            return _FULL_STOP.sub(".", text)
        return text.replace(_STOP, ".")
    return text


def fold_script(text: str) -> str:
    """Return *text* in simplified characters, as OpenCC's t2s writes it.

    The text itself comes back when nothing is folded.
    """
    converted = _t2s().convert(text)
    # OpenCC maps every character and phrase to one of the same length; an
    # unexpected length would shift positions, so such a text stays.
    if converted == text or len(converted) != len(text):
        return text
    return converted


def fold_script_all(paragraphs: Sequence[str]) -> list[str]:
    """Return fold_script() of each paragraph; one call when none changes."""
    joined = "\n".join(paragraphs)
    if _t2s().convert(joined) == joined:
        return list(paragraphs)
    return [fold_script(p) for p in paragraphs]


def fold_script_keys(paragraphs: Sequence[str]) -> list[str]:
    """Return fold_script() of each paragraph that holds a character OpenCC
    converts on its own; the others (no traditional character, but perhaps
    one of a traditional phrase, like 沈 in 深沈) come back themselves.

    Cheaper than fold_script_all() on simplified text, and close enough to
    tell which paragraphs are script variants of one another."""
    traditional = _traditional()
    return [fold_script(p) if traditional.search(p) else p for p in paragraphs]


def _pairing_table() -> dict[str, str]:
    # Each class of width variants gets the form Chinese text usually has:
    # letters, digits, spaces and most signs half-width; the marks of Chinese
    # prose full-width, curly quotes left ones. A draft written so keeps its
    # own text as key (fold_width_keys), and its diffs stay as they were.
    table = {}
    for variant, plain in WIDTH_VARIANTS.items():
        if plain in ",;:!?()":
            table[plain] = variant
        elif plain not in "\"'":
            table[variant] = plain
    table.update(dict.fromkeys('"\uff02\u201d', "\u201c"))
    table.update(dict.fromkeys("'\uff07\u2019", "\u2018"))
    return table


_PAIRING_WIDTH = _pairing_table()
_PAIRING_CHARS = re.compile("[" + re.escape("".join(sorted(_PAIRING_WIDTH))) + ".]")
_DOT = re.compile("(?<![0-9A-Za-z])\\.|\\.(?![0-9A-Za-z])")


def fold_width_keys(paragraphs: Sequence[str]) -> list[str]:
    """Return each paragraph with every width variant in the form Chinese
    text usually has (where fold_punct_width() gives two characters the same
    form, this gives them the same form too); one with nothing to fold comes
    back itself."""
    out = []
    for text in paragraphs:
        for char in set(_PAIRING_CHARS.findall(text)):
            if char != ".":
                text = text.replace(char, _PAIRING_WIDTH[char])
        if "." in text:
            text = _DOT.sub(_STOP, text)
        out.append(text)
    return out


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional() -> re.Pattern:
    # The BMP ideographs OpenCC converts alone, asked of OpenCC once; any
    # ideograph past the BMP counts, its blocks being mostly rare variants.
    blocks = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
    chars = [chr(c) for start, end in blocks for c in range(start, end)]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    changed = "".join(c for c, t in zip(chars, converted, strict=True) if c != t)
    return re.compile(f"[{changed}\U00020000-\U0003ffff]")


def visible_length(text: str) -> int:
    """Return the number of characters of *text* that are not white space."""
    return sum(map(len, text.split()))
