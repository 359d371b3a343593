"""WordprocessingML parts and the .docx package around them.

Everything is written as text from fixed templates and escaped values, parts
in a fixed order with fixed timestamps: the same input gives the same bytes.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_REL = PKG_REL + "/metadata/core-properties"
CONTENT_TYPES = {
    "document": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.settings+xml",
    "fontTable": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.fontTable+xml",
    "footer": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.footer+xml",
    "header": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.header+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "custom": "application/vnd.openxmlformats-officedocument.custom-properties+xml",
}
DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 has no place for most C0 controls; a stored text rarely holds one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DocumentInfo:
    """What the document properties say: core properties, and custom ones as
    (name, value) pairs whose values are text or aware datetimes."""

    title: str
    author: str
    created_at: datetime
    subject: str = ""
    description: str = ""
    keywords: str = ""
    status: str = ""
    custom: tuple[tuple[str, str | datetime], ...] = ()


@dataclass(frozen=True)
class Part:
    name: str  # path inside the package, e.g. "word/footer1.xml"
    kind: str  # a key of CONTENT_TYPES
    xml: str
    relation: str = ""  # its relationship from word/document.xml: "styles", ...


def text(value: str) -> str:
    """Return *value* escaped for element content."""
    return escape(_NOT_XML.sub("\ufffd", value))


def attr(value: str) -> str:
    """Return *value* quoted and escaped as an attribute value."""
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def run(value: str, *, rpr: str = "", deleted: bool = False) -> str:
    """Return one w:r holding *value*; tabs become w:tab, deleted text
    goes in w:delText as Word requires inside w:del and w:moveFrom."""
    tag = "w:delText" if deleted else "w:t"
    pieces = []
    for index, part in enumerate(value.split("\t")):
        if index:
            pieces.append("<w:tab/>")
        if part:
            pieces.append(f'<{tag} xml:space="preserve">{text(part)}</{tag}>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def w_date(moment: datetime) -> str:
    """Return *moment* as a revision date. Word writes the wall-clock time
    with a Z and every reader shows it as written, so the local time given
    is kept as it is: a Beijing reader sees the time the revision was made."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _w3cdtf(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def core_xml(info: DocumentInfo) -> str:
    fields = [
        ("dc:title", info.title),
        ("dc:subject", info.subject),
        ("dc:creator", info.author),
        ("cp:keywords", info.keywords),
        ("dc:description", info.description),
        ("cp:lastModifiedBy", info.author),
        ("cp:contentStatus", info.status),
    ]
    stamp = _w3cdtf(info.created_at)
    return (
        DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(f"<{tag}>{text(value)}</{tag}>" for tag, value in fields if value)
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        + "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        DECLARATION
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>讲稿版本库</Application>'
        "<DocSecurity>0</DocSecurity></Properties>"
    )


def custom_xml(pairs) -> str:
    # fmtid is the one every custom property carries; pids start at 2.
    items = []
    for pid, (name, value) in enumerate(pairs, start=2):
        if isinstance(value, datetime):
            body = f"<vt:filetime>{_w3cdtf(value)}</vt:filetime>"
        else:
            body = f"<vt:lpwstr>{text(value)}</vt:lpwstr>"
        items.append(
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"'
            f' pid="{pid}" name={attr(name)}>{body}</property>'
        )
    return (
        DECLARATION
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
        'officeDocument/2006/docPropsVTypes">' + "".join(items) + "</Properties>"
    )


def _content_types(parts: list[Part], with_custom: bool) -> str:
    overrides = [("/" + part.name, part.kind) for part in parts]
    overrides += [("/docProps/core.xml", "core"), ("/docProps/app.xml", "app")]
    if with_custom:
        overrides.append(("/docProps/custom.xml", "custom"))
    return (
        DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{CONTENT_TYPES[kind]}"/>'
            for name, kind in overrides
        )
        + "</Types>"
    )


def _relationships(items: list[tuple[str, str, str]]) -> str:
    return (
        DECLARATION
        + f'<Relationships xmlns="{PKG_REL}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
            for rid, kind, target in items
        )
        + "</Relationships>"
    )


def _package_rels(with_custom: bool) -> str:
    items = [
        ("rId1", DOC_REL + "/officeDocument", "word/document.xml"),
        ("rId2", CORE_REL, "docProps/core.xml"),
        ("rId3", DOC_REL + "/extended-properties", "docProps/app.xml"),
    ]
    if with_custom:
        items.append(("rId4", DOC_REL + "/custom-properties", "docProps/custom.xml"))
    return _relationships(items)


def relation_id(part: Part) -> str:
    """Return the id by which word/document.xml refers to *part*."""
    return "rId" + re.sub(r"\W", "", part.name.rsplit("/", 1)[-1].removesuffix(".xml"))


def package(document: str, parts: list[Part], info: DocumentInfo) -> bytes:
    """Return the .docx holding *document* (word/document.xml), the other
    word/ *parts* and the properties of *info*."""
    related = [p for p in parts if p.relation]
    rels = _relationships(
        [(relation_id(p), f"{DOC_REL}/{p.relation}", p.name[5:]) for p in related]
    )
    main = Part("word/document.xml", "document", document)
    members = [
        ("[Content_Types].xml", _content_types([main, *parts], bool(info.custom))),
        ("_rels/.rels", _package_rels(bool(info.custom))),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        *((part.name, part.xml) for part in parts),
        ("docProps/core.xml", core_xml(info)),
        ("docProps/app.xml", app_xml()),
    ]
    if info.custom:
        members.append(("docProps/custom.xml", custom_xml(info.custom)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in members:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, xml.encode("utf-8"))
    return buffer.getvalue()
