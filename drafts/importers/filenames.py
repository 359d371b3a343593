"""Sanitise a client-supplied upload filename for storage and display.

The result has no path, no control or format characters and no quotes.
"""

import unicodedata

MAX_FILENAME_LENGTH = 200
_FALLBACK = "upload"
_FORBIDDEN = set("\"'`<>:|?*;")
# Controls, format characters (e.g. RTL override), lone surrogates, line separators.
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def safe_filename(name: str) -> str:
    """Return *name* without directories, quotes or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if _is_allowed(ch))
    kept = unicodedata.normalize("NFC", kept).strip().lstrip(".").strip()
    if not kept:
        return _FALLBACK
    return _truncate(kept, MAX_FILENAME_LENGTH)


def _is_allowed(ch: str) -> bool:
    return ch not in _FORBIDDEN and unicodedata.category(ch) not in _BAD_CATEGORIES


def _truncate(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        return name[:limit].rstrip()
    return stem[: limit - len(suffix) - 1].rstrip() + "." + suffix
