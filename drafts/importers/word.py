"""Read the body text of a .docx: one line per paragraph, tracked changes accepted.

The archive is checked by zipguard first and its body counted as it streams, so
python-docx never loads an over-long text; any parsing failure is corrupt_docx.
"""

import io
from collections.abc import Iterable, Iterator

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .plaintext import normalise_newlines
from .result import ImportedText, UnreadableUpload, UploadLimits
from .textlimit import check_docx_text_length, check_text_length
from .zipguard import CORRUPT_MESSAGE, check_docx_members, open_docx_zip

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
_W = "{" + _NS["w"] + "}"


def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=_NS)


# Runs Word does not show as body text once all changes are accepted.
_HIDDEN = (
    "ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
    " or ancestor::mc:Fallback or ancestor::w:rt"
)
_TEXT_ITEMS = "self::w:t or self::w:tab or self::w:br or self::w:cr"
_RUN_CONTENT = _xpath(
    f".//w:r[not({_HIDDEN})]/*[{_TEXT_ITEMS} or self::w:noBreakHyphen]"
)
_RUN_TEXT = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_MARK_REMOVED = _xpath("./w:pPr/w:rPr/w:del | ./w:pPr/w:rPr/w:moveFrom")
_ROWS = _xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr | ./w:customXml/w:tr")
_ROW_REMOVED = _xpath("./w:trPr/w:del")
_CELLS = _xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc")
_REVISIONS = _xpath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo")
_IMAGES = _xpath(
    ".//pic:pic[not(ancestor::mc:Fallback)]"
    " | .//v:imagedata[not(ancestor::mc:Fallback)]"
)
_TEXT_BOXES = _xpath(
    ".//w:txbxContent[not(ancestor::mc:Fallback or ancestor::w:txbxContent)]"
)
_MATH = _xpath(".//m:oMath")
_COMMENTS = _xpath(".//w:commentReference | .//w:commentRangeStart")
_FOOTNOTES = _xpath(".//w:footnoteReference")
_ENDNOTES = _xpath(".//w:endnoteReference")
_HEADER_CONTENT = _xpath(".//w:t[normalize-space()] | .//w:drawing | .//w:pict")

REVISIONS_NOTICE = "文档含有修订痕迹，已按全部接受修订读取"


def read_docx(data: bytes, limits: UploadLimits) -> ImportedText:
    """Return the ImportedText of an uploaded .docx; refuse unsafe or broken files."""
    try:
        with open_docx_zip(data, limits) as archive:
            check_docx_text_length(archive, limits.max_text_chars)
            check_docx_members(archive)
        document = Document(io.BytesIO(data))
        body = document.element.body
        text = "\n".join(_join_removed_marks(_paragraphs(body)))
        notices = _notices(document, body)
    except UnreadableUpload:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml raise many types
        raise UnreadableUpload(CORRUPT_MESSAGE, "corrupt_docx") from exc
    text = normalise_newlines(text).removeprefix("\ufeff")
    check_text_length(text, limits.max_text_chars)
    return ImportedText(text=text, format="docx", encoding=None, notices=notices)


def _paragraphs(container) -> Iterator[tuple[str, bool]]:
    """Yield (text, mark removed) for each paragraph under *container*, in order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            yield _paragraph_text(child), bool(_MARK_REMOVED(child))
        elif tag == _W + "tbl":
            yield from _table_paragraphs(child)
        elif tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _paragraphs(content)
        elif tag == _W + "customXml":
            yield from _paragraphs(child)


def _table_paragraphs(table) -> Iterator[tuple[str, bool]]:
    for row in _ROWS(table):
        if _ROW_REMOVED(row):
            continue
        for cell in _CELLS(row):
            yield from _paragraphs(cell)


def _paragraph_text(paragraph) -> str:
    parts = _RUN_CONTENT(paragraph)
    return "".join(_run_item_text(item) for item in parts)


def _run_item_text(item) -> str:
    name = item.tag.rpartition("}")[2]
    if name == "t":
        return item.text or ""
    return _RUN_TEXT[name]


def _join_removed_marks(paragraphs: Iterable[tuple[str, bool]]) -> Iterator[str]:
    """Merge a paragraph whose mark was deleted into the paragraph after it."""
    pending = ""
    for text, mark_removed in paragraphs:
        if mark_removed:
            pending += text
            continue
        yield pending + text
        pending = ""
    if pending:
        yield pending


def _notices(document, body) -> tuple[str, ...]:
    notices = []
    if _REVISIONS(body):
        notices.append(REVISIONS_NOTICE)
    ignored = _ignored_items(document, body)
    if ignored:
        notices.append(_ignored_notice(ignored))
    return tuple(notices)


def _ignored_notice(items: list[str]) -> str:
    """Return e.g. "已忽略 2 张图片、页眉页脚和批注"."""
    joined = items[-1] if len(items) == 1 else "、".join(items[:-1]) + "和" + items[-1]
    return ("已忽略 " if joined[0].isdigit() else "已忽略") + joined


def _ignored_items(document, body) -> list[str]:
    images = len(_IMAGES(body))
    text_boxes = len(_TEXT_BOXES(body))
    found = [
        (images, f"{images} 张图片"),
        (text_boxes, f"{text_boxes} 个文本框中的文字"),
        (_MATH(body), "公式"),
        (_has_headers_or_footers(document), "页眉页脚"),
        (_COMMENTS(body), "批注"),
        (_FOOTNOTES(body), "脚注"),
        (_ENDNOTES(body), "尾注"),
    ]
    return [label for present, label in found if present]


def _has_headers_or_footers(document) -> bool:
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            if _HEADER_CONTENT(rel.target_part.element):
                return True
    return False
