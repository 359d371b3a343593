"""Build .docx, zip and PNG bytes inside the tests; no binary fixtures."""

import io
import struct
import zipfile
import zlib

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W_NS = nsdecls("w")


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return save(document)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_body_xml(*fragments: str) -> bytes:
    """Return a .docx whose body holds the given w: XML fragments, in order."""
    document = Document()
    body = document.element.body
    for fragment in fragments:
        body.insert(len(body) - 1, parse_xml(fragment))  # keep sectPr last
    return save(document)


def tiny_png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return (
            struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """Return the zip *data* with member *name* holding *content*."""
    return rebuild_zip(data, {name: content})


def rebuild_zip(data: bytes, replacements: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                info.filename, replacements.get(info.filename) or source.read(info)
            )
    return buffer.getvalue()


def add_members(data: bytes, members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def forge_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Return *data* with the uncompressed size of *name* rewritten in both headers."""
    forged = bytearray(data)
    encoded_name = name.encode()
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    forged[local + 22 : local + 26] = size.to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded_name)] != encoded_name:
        central = data.find(b"PK\x01\x02", central + 4)
    forged[central + 24 : central + 28] = size.to_bytes(4, "little")
    return bytes(forged)


def document_xml_with(paragraphs) -> bytes:
    """Return a word/document.xml holding one run per paragraph."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    ).encode()


def rename_main_part(data: bytes, name: str) -> bytes:
    """Return *data* with word/document.xml moved to *name*, still the document."""
    directory, _, base = name.rpartition("/")
    renamed = {
        "word/document.xml": name,
        "word/_rels/document.xml.rels": f"{directory}/_rels/{base}.rels",
    }
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                content = content.replace(b"word/document.xml", name.encode())
            target.writestr(renamed.get(info.filename, info.filename), content)
    return buffer.getvalue()


def corrupt_compressed_tail(data: bytes, name: str, keep: float) -> bytes:
    """Return *data* with the deflated bytes of *name* past the share *keep*
    overwritten, its declared sizes and CRC unchanged: inflating the member to
    its end fails, inflating its beginning does not."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    name_length = int.from_bytes(data[local + 26 : local + 28], "little")
    extra_length = int.from_bytes(data[local + 28 : local + 30], "little")
    start = local + 30 + name_length + extra_length
    cut, end = start + int(info.compress_size * keep), start + info.compress_size
    return data[:cut] + b"\xff" * (end - cut) + data[end:]
