"""Decode the bytes of an uploaded .txt file into text with LF line endings.

Decoding is strict: text is never returned with U+FFFD or a leading BOM.
"""

import codecs

from charset_normalizer import from_bytes

from .plausibility import (
    big5_common_ratio,
    gb2312_common_ratio,
    has_stray_controls,
    looks_like_utf16,
)
from .result import ImportedText, UnreadableUpload, UploadLimits
from .textlimit import check_text_length

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936"}
_BIG5_FAMILY = {"big5", "cp950", "big5hkscs"}
# Below this share of common characters a decoding needs charset_normalizer's vote.
_MIN_COMMON_RATIO = 0.5
# GB18030-2022 moved these out of the Private Use Area; CPython still uses PUA.
_GB18030_2022 = {
    b"\xa6\xd9": "\ufe10",
    b"\xa6\xda": "\ufe12",
    b"\xa6\xdb": "\ufe11",
    b"\xa6\xdc": "\ufe13",
    b"\xa6\xdd": "\ufe14",
    b"\xa6\xde": "\ufe15",
    b"\xa6\xdf": "\ufe16",
    b"\xa6\xec": "\ufe17",
    b"\xa6\xed": "\ufe18",
    b"\xa6\xf3": "\ufe19",
    b"\xfe\x59": "\u9fb4",
    b"\xfe\x61": "\u9fb5",
    b"\xfe\x66": "\u9fb6",
    b"\xfe\x67": "\u9fb7",
    b"\xfe\x6d": "\u9fb8",
    b"\xfe\x7e": "\u9fb9",
    b"\xfe\x90": "\u9fba",
    b"\xfe\xa0": "\u9fbb",
}
_PUA_TO_GB18030_2022 = str.maketrans(
    {ord(old.decode("gb18030")): new for old, new in _GB18030_2022.items()}
)

BINARY_MESSAGE = "该文件含有二进制内容，不是纯文本文件，请上传 .txt 或 .docx 文件。"
UNDECODABLE_MESSAGE = (
    "无法识别该文本文件的编码（支持 UTF-8、UTF-16、GB18030/GBK 和 Big5），"
    "请在编辑器中另存为 UTF-8 编码后重新上传。"
)
UTF16_MESSAGE = (
    "该文件似乎是不带字节顺序标记（BOM）的 UTF-16 编码，无法可靠读取，"
    "请另存为 UTF-8 编码后重新上传。"
)
BOM_MISMATCH_MESSAGE = (
    "文件开头标明为 {name} 编码，但内容不符合该编码，请另存为 UTF-8 编码后重新上传。"
)


def normalise_newlines(text: str) -> str:
    """Return *text* with CRLF and lone CR line endings turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """Return the text of *data* with LF line endings, and the encoding used."""
    text, encoding = _decode(data)
    return normalise_newlines(text.removeprefix("\ufeff")), encoding


def read_text(data: bytes, limits: UploadLimits) -> ImportedText:
    """Return the ImportedText of an uploaded .txt file."""
    text, encoding = decode_text_bytes(data)
    check_text_length(text, limits.max_text_chars)
    return ImportedText(text=text, format="txt", encoding=encoding, notices=())


def _decode(data: bytes) -> tuple[str, str]:
    decoded = _decode_with_bom(data)
    if decoded is None:
        _refuse_binary(data)
        decoded = _decode_utf8(data) or _decode_chinese(data)
    if decoded is None:
        message = UTF16_MESSAGE if looks_like_utf16(data) else UNDECODABLE_MESSAGE
        raise UnreadableUpload(message, "undecodable")
    return decoded


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return data[len(bom) :].decode(codec.removesuffix("-sig")), codec
        except UnicodeDecodeError:
            if codec.startswith("utf-32"):
                continue  # FF FE 00 00 may also open UTF-16LE text
            name = codec.removesuffix("-sig").upper()
            message = BOM_MISMATCH_MESSAGE.format(name=name)
            raise UnreadableUpload(message, "undecodable") from None
    return None


def _refuse_binary(data: bytes) -> None:
    if b"\x00" not in data:
        return
    if looks_like_utf16(data):
        raise UnreadableUpload(UTF16_MESSAGE, "undecodable")
    raise UnreadableUpload(BINARY_MESSAGE, "binary")


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    return _strict(data, "utf-8")


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    """Choose between GB18030 and Big5; on a tie GB18030 wins (listed first)."""
    decodings = (
        _strict(data, "gb18030"),
        _strict(data, "big5") or _strict(data, "cp950"),
    )
    candidates = [d for d in decodings if d and not has_stray_controls(d[0])]
    if not candidates:
        return None
    ratio, best = max(
        ((_common_ratio(d), d) for d in candidates), key=lambda scored: scored[0]
    )
    if ratio >= _MIN_COMMON_RATIO:
        return best
    return _arbitrate(data, candidates)


def _strict(data: bytes, codec: str) -> tuple[str, str] | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec == "gb18030":
        text = text.translate(_PUA_TO_GB18030_2022)
    return text, codec


def _common_ratio(decoded: tuple[str, str]) -> float:
    text, codec = decoded
    if codec == "gb18030":
        return gb2312_common_ratio(text)
    return big5_common_ratio(text)


def _arbitrate(
    data: bytes, candidates: list[tuple[str, str]]
) -> tuple[str, str] | None:
    """Accept a rare-character decoding only if charset_normalizer agrees on it."""
    try:
        guess = from_bytes(data).best()
    except Exception:  # a detector bug must not turn a bad upload into a 500
        return None
    if guess is None:
        return None
    for decoded in candidates:
        family = _GB_FAMILY if decoded[1] == "gb18030" else _BIG5_FAMILY
        if guess.encoding in family:
            return decoded
    return None
