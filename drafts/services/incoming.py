"""Texts arriving to become revisions: pasted or decoded from a file, bounded,
nothing stored yet."""

from dataclasses import dataclass, field

from django.conf import settings

from drafts.errors import InvalidInput
from drafts.importers import (
    UnreadableUpload,
    UploadLimits,
    normalise_newlines,
    read_upload,
    safe_filename,
    too_long_message,
)
from drafts.models import Revision


@dataclass(frozen=True)
class IncomingText:
    """A revision's text as it arrived, decoded, before anything is stored."""

    text: str
    source_kind: str = Revision.SourceKind.PASTE
    source_name: str = ""
    source_format: str = ""
    source_encoding: str = ""
    original_bytes: bytes | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)


def max_upload_bytes() -> int:
    return settings.DRAFTS_MAX_UPLOAD_BYTES


def too_large_error() -> InvalidInput:
    limit = max_upload_bytes()
    shown = f"{limit / 1048576:g} MB" if limit >= 1048576 else f"{limit // 1024} KB"
    return InvalidInput(f"内容超过大小上限（{shown}）。", "too_large")


def max_text_chars() -> int:
    return settings.DRAFTS_MAX_TEXT_CHARS


def check_text_length(text: str) -> None:
    """Raise InvalidInput (too_long) if *text* is longer than a revision may be."""
    limit = max_text_chars()
    if len(text) > limit:
        raise InvalidInput(too_long_message(limit, len(text)), "too_long")


def incoming_from_paste(text: str) -> IncomingText:
    """Return pasted text as an incoming revision, line endings made LF."""
    if len(text.encode("utf-8")) > max_upload_bytes():
        raise too_large_error()
    text = normalise_newlines(text).lstrip("\ufeff")
    check_text_length(text)
    return IncomingText(text=text)


def incoming_from_file(filename: str, data: bytes) -> IncomingText:
    """Decode an uploaded file; raise InvalidInput when it cannot be read."""
    if len(data) > max_upload_bytes():
        raise too_large_error()
    limits = UploadLimits(
        max_unzipped_bytes=settings.DRAFTS_DOCX_MAX_UNZIPPED_BYTES,
        max_ratio=settings.DRAFTS_DOCX_MAX_RATIO,
        max_text_chars=max_text_chars(),
    )
    try:
        imported = read_upload(filename, data, limits=limits)
    except UnreadableUpload as error:
        raise InvalidInput(error.message, error.code) from error
    return IncomingText(
        text=imported.text,
        source_kind=Revision.SourceKind.FILE,
        source_name=safe_filename(filename),
        source_format=imported.format,
        source_encoding=imported.encoding or "",
        original_bytes=data,
        notices=tuple(imported.notices),
    )
