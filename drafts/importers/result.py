"""Result, limit and error types shared by the importers.

Every failure an importer reports is an UnreadableUpload with a stable code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class UploadLimits:
    max_unzipped_bytes: int = 100 * 1024 * 1024  # declared total of a .docx zip
    max_ratio: int = 100  # for members over 1 MiB; smaller ones cannot bomb
    max_members: int = 1000
    max_text_chars: int = 500_000  # of the decoded text, whatever the format


@dataclass(frozen=True)
class ImportedText:
    text: str  # LF line endings, no BOM, otherwise exactly as decoded
    format: str  # "txt" or "docx"
    encoding: str | None  # codec of a .txt, e.g. "gb18030"; None for a .docx
    notices: tuple[str, ...] = ()  # Chinese, for the user


class UnreadableUpload(ValueError):
    """An upload that cannot be turned into text; *message* is shown to the user."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
