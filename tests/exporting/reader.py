"""An independent reader of tracked changes in a .docx: what the body says
once every change is accepted, or once every change is rejected."""

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REVISIONS = ("ins", "del", "moveFrom", "moveTo")


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _dropped(accept: bool) -> set[str]:
    return {"del", "moveFrom"} if accept else {"ins", "moveTo"}


def _local(element) -> str:
    return etree.QName(element).localname


def _text(paragraph, dropped: set[str]) -> str:
    out = []
    for node in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab"):
        wrappers = {_local(a) for a in node.iterancestors() if _local(a) in REVISIONS}
        if wrappers & dropped:
            continue
        out.append("\t" if _local(node) == "tab" else node.text or "")
    return "".join(out)


def mark(paragraph) -> str:
    """Return the tracked change of *paragraph*'s mark, or ""."""
    found = paragraph.xpath("./w:pPr/w:rPr/*", namespaces=NS)
    kinds = [_local(e) for e in found if _local(e) in REVISIONS]
    return kinds[0] if kinds else ""


def resolved(data: bytes, *, accept: bool) -> list[str]:
    """Return the body's paragraphs with every change accepted (or rejected):
    dropped runs go, kept ones stay, and a paragraph whose mark is dropped
    runs on into the next."""
    body = document_xml(data).find(f"{{{W}}}body")
    paragraphs = body.findall(f"{{{W}}}p")
    dropped = _dropped(accept)
    result, carried = [], ""
    for index, paragraph in enumerate(paragraphs):
        carried += _text(paragraph, dropped)
        last = index == len(paragraphs) - 1
        if mark(paragraph) in dropped and not last:
            continue
        result.append(carried)
        carried = ""
    # A document always ends in a paragraph: an empty text is one empty one.
    return [] if result == [""] else result
