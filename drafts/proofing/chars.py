"""Character classes shared by the checks: ideographs and punctuation context."""

import re

_IDEOGRAPH_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B to F, Compatibility Supplement
    (0x30000, 0x323AF),  # Extensions G and H
)
IDEOGRAPH = "".join(
    f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in _IDEOGRAPH_RANGES
)
IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPH}]")
_BLANK = re.compile(r"[\s\ufeff]")

# Marks that do not decide whether their surroundings are Chinese: half-width
# marks, their full-width forms, other CJK punctuation and quotes. Fixing a mark
# never changes which characters are transparent. White space is not
# transparent: "COVID-19 (2020) 以后" keeps its English parentheses.
_TRANSPARENT = (
    r";!,:?()\"'"
    "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
    "\u3001-\u3006\u3008-\u303f"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
TRANSPARENT_RUN = re.compile(f"[{_TRANSPARENT}]+")

# URLs and e-mail addresses keep their half-width marks. The look-behind lets an
# address start only where its run of characters starts, keeping the scan linear.
_URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)[!-~]*[A-Za-z0-9/#=_-]"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)


def is_ideograph(char: str) -> bool:
    """Return whether *char* is a CJK ideograph (False for "")."""
    return bool(char) and IDEOGRAPH_RE.match(char) is not None


def count_ideographs(text: str) -> int:
    """Return the number of CJK ideographs in *text*."""
    return len(IDEOGRAPH_RE.findall(text))


def count_non_blank(text: str) -> int:
    """Return the number of characters of *text* that are not white space or BOM."""
    return len(text) - len(_BLANK.findall(text))


def mask_urls(text: str) -> str:
    """Return *text* with URLs and e-mail addresses replaced by neutral letters."""
    return _URL_OR_EMAIL.sub(lambda match: "x" * len(match.group()), text)
