"""Judge whether a decoded byte string reads as Chinese text rather than garbage.

GB18030 and Big5 accept each other's bytes, so the codec choice rests on these scores.
"""

from collections import Counter

_GB2312_HANZI = (0xB0A1, 0xF7FE)
_BIG5_LEVEL1_HANZI = (0xA440, 0xC67E)
_CJK_PUNCTUATION = set("　、。·—…‘’“”〈〉《》「」『』【】！（），：；？～")
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def gb2312_common_ratio(text: str) -> float:
    """Return the share of non-ASCII characters that are GB2312 hanzi or
    punctuation, or rare hanzi that only GB18030's four-byte form reaches."""
    return _common_ratio(text, "gb2312", _GB2312_HANZI, rare=_is_extension_hanzi)


def big5_common_ratio(text: str) -> float:
    """Return the share of non-ASCII characters that are level-1 Big5 or punctuation."""
    return _common_ratio(text, "big5", _BIG5_LEVEL1_HANZI)


def has_stray_controls(text: str) -> bool:
    """Return True if *text* holds C0/C1 controls that plain text never carries."""
    return any(_is_stray_control(ch) for ch in set(text))


def looks_like_utf16(data: bytes) -> bool:
    """Return True if *data* reads as mostly CJK or ASCII text in BOM-less UTF-16."""
    if len(data) < 2 or len(data) % 2:
        return False
    return any(_reads_as_text(data, codec) for codec in ("utf-16-le", "utf-16-be"))


def _common_ratio(text: str, codec: str, hanzi: tuple[int, int], rare=None) -> float:
    counts = {ch: n for ch, n in Counter(text).items() if ord(ch) > 0x7F}
    total = sum(counts.values())
    if not total:
        return 1.0
    common = sum(
        n
        for ch, n in counts.items()
        if _is_common(ch, codec, hanzi) or (rare is not None and rare(ch))
    )
    return common / total


def _is_extension_hanzi(ch: str) -> bool:
    # CJK extensions A and B–H: in GB18030 they take four bytes whose second
    # and fourth are ASCII digits, a shape that Big5 bytes, or text in another
    # encoding read as GB18030, do not make. Finding them is evidence for
    # GB18030, not against it.
    code = ord(ch)
    return 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x323AF


def _is_common(ch: str, codec: str, hanzi: tuple[int, int]) -> bool:
    if ch in _CJK_PUNCTUATION:
        return True
    try:
        encoded = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    code = int.from_bytes(encoded, "big")
    return len(encoded) == 2 and hanzi[0] <= code <= hanzi[1]


def _is_stray_control(ch: str) -> bool:
    code = ord(ch)
    is_control = code < 0x20 or 0x7F <= code <= 0x9F
    return is_control and ch not in _ALLOWED_CONTROLS


def _reads_as_text(data: bytes, codec: str) -> bool:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    readable = sum(1 for ch in text if _is_cjk_or_printable_ascii(ch))
    common = max(gb2312_common_ratio(text), big5_common_ratio(text))
    return readable >= 0.9 * len(text) and common >= 0.8


def _is_cjk_or_printable_ascii(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\t\n\r"
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )
