"""Chinese numerals from 一 to 九十九, as used in outline numbering."""

DIGITS = "一二三四五六七八九"
PATTERN = f"[{DIGITS}]?十[{DIGITS}]?|[{DIGITS}]"


def parse_chinese(numeral: str) -> int:
    """Return the value of a numeral matched by PATTERN ("二十三" -> 23)."""
    tens, ten, units = numeral.rpartition("十")
    if not ten:
        return DIGITS.index(units) + 1
    return (DIGITS.index(tens) + 1 if tens else 1) * 10 + (
        DIGITS.index(units) + 1 if units else 0
    )


def to_chinese(number: int) -> str:
    """Return the numeral for 1 <= *number* <= 99 (23 -> "二十三")."""
    tens, units = divmod(number, 10)
    text = "" if tens < 2 else DIGITS[tens - 1]
    text += "十" if tens else ""
    return text + (DIGITS[units - 1] if units else "")
