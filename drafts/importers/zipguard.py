"""Check a .docx zip archive before python-docx extracts anything from it.

Limits come from the central directory; each member is then read once, bounded.
"""

import io
import re
import zipfile

from .result import UnreadableUpload, UploadLimits

CORRUPT_MESSAGE = (
    "无法读取该 Word 文档，文件可能已损坏，请用 Word 打开并另存为 .docx 后重新上传。"
)
ENCRYPTED_MESSAGE = (
    "该文档已加密或是旧版 .doc 格式，请取消密码保护并另存为 .docx 后重新上传。"
)
TOO_LARGE_MESSAGE = "Word 文档解压后过大或包含的文件过多，无法处理。"
RATIO_MESSAGE = "Word 文档的压缩比异常，可能是恶意构造的文件，已拒绝。"
DTD_MESSAGE = "Word 文档含有不允许的 XML 声明（DOCTYPE 或 ENTITY），已拒绝。"
UNSAFE_NAME_MESSAGE = "Word 文档内含有不安全的文件路径，已拒绝。"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC, which libxml2 would honour
# Members this small cannot bomb, whatever their compression ratio.
_RATIO_FLOOR = 64 * 1024
_DTD = re.compile(rb"<!(?i:doctype|entity)")
_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
_XML_ENCODINGS = {b"utf-8", b"utf8", b"utf-16", b"utf16"}


def open_docx_zip(data: bytes, limits: UploadLimits) -> zipfile.ZipFile:
    """Return the zip archive *data* once its directory is within *limits*.

    Nothing is extracted yet: check_docx_members must pass before any XML
    parser other than a bounded, DTD-refusing one reads a member.
    """
    if data.startswith(_OLE_MAGIC):
        raise UnreadableUpload(ENCRYPTED_MESSAGE, "corrupt_docx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    _check_directory(archive.infolist(), limits)
    return archive


def check_docx_members(archive: zipfile.ZipFile) -> None:
    """Raise UnreadableUpload unless every member of *archive* is safe to parse."""
    for member in archive.infolist():
        _check_content(_read_bounded(archive, member))


def _check_directory(members: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    names = [member.filename for member in members]
    if len(members) > limits.max_members:
        raise UnreadableUpload(TOO_LARGE_MESSAGE, "docx_too_large")
    if any(_is_unsafe_name(name) for name in names):
        raise UnreadableUpload(UNSAFE_NAME_MESSAGE, "docx_unsafe_name")
    if len(set(names)) != len(names):
        raise UnreadableUpload(CORRUPT_MESSAGE, "corrupt_docx")
    if any(member.flag_bits & 0x1 for member in members):
        raise UnreadableUpload(ENCRYPTED_MESSAGE, "corrupt_docx")
    if sum(member.file_size for member in members) > limits.max_unzipped_bytes:
        raise UnreadableUpload(TOO_LARGE_MESSAGE, "docx_too_large")
    if any(_ratio_exceeds(member, limits.max_ratio) for member in members):
        raise UnreadableUpload(RATIO_MESSAGE, "docx_ratio")


def _is_unsafe_name(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or ".." in parts
        or ":" in parts[0]
        or "\x00" in name
    )


def _ratio_exceeds(member: zipfile.ZipInfo, max_ratio: int) -> bool:
    if member.file_size <= _RATIO_FLOOR:
        return False
    return member.file_size > max_ratio * max(member.compress_size, 1)


def _read_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """Read *member*, refusing one that inflates past its declared size."""
    with archive.open(member) as stream:
        content = stream.read(member.file_size + 1)
    if len(content) > member.file_size:
        raise UnreadableUpload(TOO_LARGE_MESSAGE, "docx_too_large")
    return content


def _check_content(content: bytes) -> None:
    # Dropping NULs makes UTF-16 and UTF-32 markup searchable as ASCII.
    squeezed = content.replace(b"\x00", b"")
    if _DTD.search(squeezed):
        raise UnreadableUpload(DTD_MESSAGE, "docx_dtd")
    if content.startswith(_EBCDIC_XML) or _declares_foreign_encoding(squeezed):
        raise UnreadableUpload(CORRUPT_MESSAGE, "corrupt_docx")


def _declares_foreign_encoding(squeezed: bytes) -> bool:
    head = squeezed[:256].lstrip(b"\xef\xbb\xbf\xfe\xff")
    match = _ENCODING.match(head)
    return bool(match) and match.group(1).lower() not in _XML_ENCODINGS
