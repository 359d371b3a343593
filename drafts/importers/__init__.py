"""Turn uploaded bytes (.txt or .docx) into text; pure, no Django.

read_upload either returns an ImportedText or raises UnreadableUpload.
"""

from .filenames import safe_filename
from .plaintext import decode_text_bytes, normalise_newlines, read_text
from .result import ImportedText, UnreadableUpload, UploadLimits
from .textlimit import too_long_message
from .word import read_docx

__all__ = [
    "ImportedText",
    "UnreadableUpload",
    "UploadLimits",
    "decode_text_bytes",
    "normalise_newlines",
    "read_upload",
    "safe_filename",
    "too_long_message",
]

DEFAULT_LIMITS = UploadLimits()
UNKNOWN_FORMAT_MESSAGE = "仅支持 .txt 和 .docx 文件，请另存为其中一种格式后重新上传。"


def read_upload(
    filename: str, data: bytes, *, limits: UploadLimits = DEFAULT_LIMITS
) -> ImportedText:
    """Return the text of the uploaded file *filename* with content *data*."""
    extension = _extension(safe_filename(filename))
    if extension == "txt":
        return read_text(data, limits)
    if extension == "docx":
        return read_docx(data, limits)
    raise UnreadableUpload(UNKNOWN_FORMAT_MESSAGE, "unknown_format")


def _extension(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""
