"""The fast path for plain text must agree with the per-character rules."""

import re
import unicodedata

from drafts.diffing.inline import _PLAIN_CHARS, _is_cluster_start


def test_plain_chars_never_combine():
    plain = re.compile(f"[{_PLAIN_CHARS}]")
    for code in range(0x10000):
        char = chr(code)
        if plain.fullmatch(char):
            assert unicodedata.category(char) not in ("Mn", "Mc", "Me"), hex(code)
            assert _is_cluster_start("a" + char, 1), hex(code)
