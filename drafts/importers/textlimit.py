"""Bound the length of an imported text. A .docx body is counted while its XML
streams out of the zip, so reading stops as soon as the limit is passed.

The streaming count builds no tree, resolves no entity and refuses any DTD.
"""

import posixpath
import zipfile

from lxml import etree

from .result import UnreadableUpload
from .zipguard import DTD_MESSAGE

TOO_LONG_MESSAGE = "正文超过字数上限（{limit:,} 字），当前约 {count:,} 字，未保存。"

_CHUNK_BYTES = 4096  # small, so a refusal can say how far it read
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TEXT = _W + "t"
# The same runs word.py leaves out of the body text.
_HIDDEN = {_W + "del", _W + "moveFrom", _W + "txbxContent", _MC + "Fallback", _W + "rt"}
_PACKAGE_RELS = "_rels/.rels"
_MAIN_PART_TYPE = "/officeDocument"


def too_long_message(limit: int, count: int) -> str:
    """Return the Chinese refusal of a text of *count* characters."""
    return TOO_LONG_MESSAGE.format(limit=limit, count=count)


def check_text_length(text: str, limit: int) -> None:
    """Raise UnreadableUpload (too_long) if *text* has more than *limit* characters."""
    if len(text) > limit:
        raise UnreadableUpload(too_long_message(limit, len(text)), "too_long")


def check_docx_text_length(archive: zipfile.ZipFile, limit: int) -> None:
    """Raise UnreadableUpload (too_long) once the body text of the .docx in
    *archive* passes *limit*, having read no further than that point.

    The count leaves out line breaks and the runs word.py hides, so it stays
    below the extracted length (bar rarities such as deleted table rows); the
    exact check comes after extraction.
    """
    name = _main_part_name(archive)
    if name is None:
        return  # python-docx will find no document either and say so
    member = archive.getinfo(name)
    counter = _BodyTextCounter(limit)
    try:
        _stream(archive, member, counter)
    except _LimitPassed as passed:
        estimate = counter.count * member.file_size // max(passed.bytes_read, 1)
        count = max(counter.count, estimate)
        raise UnreadableUpload(too_long_message(limit, count), "too_long") from None


class _LimitPassed(Exception):
    def __init__(self, bytes_read: int = 0):
        super().__init__(bytes_read)
        self.bytes_read = bytes_read


def _stream(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target) -> None:
    """Feed *member* to a parser calling *target*, one chunk at a time."""
    parser = etree.XMLParser(
        target=target, resolve_entities=False, load_dtd=False, no_network=True
    )
    bytes_read = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            bytes_read += len(chunk)
            try:
                parser.feed(chunk)
            except _LimitPassed:
                raise _LimitPassed(bytes_read) from None
    parser.close()


def _main_part_name(archive: zipfile.ZipFile) -> str | None:
    """Return the member python-docx opens as the document, as it finds it."""
    if _PACKAGE_RELS not in archive.namelist():
        return None
    finder = _MainPartFinder()
    _stream(archive, archive.getinfo(_PACKAGE_RELS), finder)
    if finder.target is None:
        return None
    name = posixpath.normpath(posixpath.join("/", finder.target)).lstrip("/")
    return name if name in archive.namelist() else None


class _SafeTarget:
    """Parser callbacks that refuse a DTD before any declaration in it is read."""

    def doctype(self, *args) -> None:
        raise UnreadableUpload(DTD_MESSAGE, "docx_dtd")

    def close(self) -> None:
        return None


class _MainPartFinder(_SafeTarget):
    def __init__(self):
        self.target = None

    def start(self, tag: str, attrib) -> None:
        if self.target is None and tag.endswith("}Relationship"):
            if attrib.get("Type", "").endswith(_MAIN_PART_TYPE):
                self.target = attrib.get("Target")


class _BodyTextCounter(_SafeTarget):
    """Count the characters of visible w:t elements, the bulk of a body."""

    def __init__(self, limit: int):
        self.limit = limit
        self.count = 0
        self._hidden = 0
        self._in_text = 0

    def start(self, tag: str, attrib) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == _TEXT:
            self._in_text += 1

    def end(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden -= 1
        elif tag == _TEXT:
            self._in_text -= 1

    def data(self, text: str) -> None:
        if self._in_text and not self._hidden:
            self.count += len(text)
            if self.count > self.limit:
                raise _LimitPassed()
