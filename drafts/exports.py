"""Files made from stored revisions: a revision as UTF-8 text or as an
official .docx, a comparison as a .docx with every change tracked, and an
original upload as it came. Reads only. A final text (定稿) leaves only while
it verifies against its hash and the signed decision that made it final."""

import hashlib
import re
from typing import NamedTuple

from django.utils import timezone

from drafts import history
from drafts.comparisons import full_comparison
from drafts.diffing import split_paragraphs
from drafts.errors import DraftsError, InvalidInput
from drafts.exporting import (
    DOCX_CONTENT_TYPE,
    DocumentInfo,
    comparison_docx,
    revision_docx,
)
from drafts.importers import safe_filename
from drafts.models import Review

FORMATS = ("txt", "docx")
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"


class ExportFile(NamedTuple):
    filename: str  # what the user sees, in Chinese
    ascii_filename: str  # for clients that cannot read RFC 6266 filename*
    content_type: str
    file_format: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class FinalUnverified(DraftsError):
    status = 409

    def __init__(self, reasons):
        super().__init__(
            f"定稿校验未通过（{'；'.join(reasons)}），不能导出。"
            "请联系系统管理员运行 verify_history 核查。",
            "final_unverified",
        )


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def revision_file(revision, file_format: str) -> ExportFile:
    """Return *revision* as .txt (its text exactly, UTF-8) or as .docx."""
    if file_format not in FORMATS:
        raise InvalidInput("只能导出为 .txt 或 .docx。", "unsupported_format")
    approval = _verified_approval(revision)
    speech = revision.speech
    name = f"{_title_for_files(speech)}-第{revision.number}版.{file_format}"
    ascii_name = f"{_ascii_stem(speech)}-r{revision.number}.{file_format}"
    if file_format == "txt":
        data = revision.text.encode("utf-8")
        return ExportFile(name, ascii_name, TEXT_CONTENT_TYPE, "txt", data)
    paragraphs = split_paragraphs(revision.text)
    if paragraphs[:1] == [speech.title]:
        paragraphs = paragraphs[1:]  # the title is set as the title already
    data = revision_docx(speech.title, paragraphs, _revision_info(revision, approval))
    return ExportFile(name, ascii_name, DOCX_CONTENT_TYPE, "docx", data)


def comparison_file(old, new) -> ExportFile:
    """Return *old* → *new* as a .docx whose changes Word can accept or
    reject one by one, each made by *new*'s author at *new*'s time."""
    _verified_approval(old)
    _verified_approval(new)
    speech = new.speech
    span = f"第{old.number}版至第{new.number}版修订"
    info = DocumentInfo(
        title=speech.title,
        author=display_name(new.author),
        created_at=new.created_at,
        subject=span,
        description=f"{_revision_line(old)}\n{_revision_line(new)}",
        custom=(
            ("讲稿", speech.title),
            ("旧版本", f"第{old.number}版"),
            ("新版本", f"第{new.number}版"),
            ("旧版本正文SHA-256", old.text_sha256),
            ("新版本正文SHA-256", new.text_sha256),
        ),
    )
    data = comparison_docx(
        full_comparison(old, new),
        author=display_name(new.author),
        date=timezone.localtime(new.created_at),
        info=info,
        header=f"{speech.title}　{span}",
    )
    return ExportFile(
        f"{_title_for_files(speech)}-{span}.docx",
        f"{_ascii_stem(speech)}-r{old.number}-r{new.number}-tracked.docx",
        DOCX_CONTENT_TYPE,
        "docx",
        data,
    )


def original_file(revision) -> ExportFile:
    """Return the file *revision* was uploaded as, byte for byte."""
    name = revision.source_name or "upload"
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    return ExportFile(
        name,
        name,
        "application/octet-stream",
        revision.source_format or suffix,
        bytes(revision.original_bytes),
    )


def _verified_approval(revision) -> Review | None:
    """Return the decision that made *revision* final, refusing a final
    text that no longer verifies; None for any other revision."""
    speech = revision.speech
    if speech.final_revision_id != revision.pk:
        return None
    check = history.verify_final(speech)
    if not check.is_intact:
        raise FinalUnverified(check.reasons)
    return (
        Review.objects.filter(
            revision=revision, decision=Review.Decision.FINAL_APPROVAL
        )
        .select_related("reviewer")
        .get()
    )


def _revision_info(revision, approval: Review | None) -> DocumentInfo:
    speech = revision.speech
    custom = [
        ("讲稿", speech.title),
        ("版本", f"第{revision.number}版"),
        ("正文SHA-256", revision.text_sha256),
    ]
    description = _revision_line(revision)
    if approval is not None:
        approver = display_name(approval.reviewer)
        custom += [
            ("批准定稿人", approver),
            ("批准定稿时间", approval.created_at),
            ("批准定稿正文SHA-256", approval.content_sha256),
        ]
        moment = timezone.localtime(approval.created_at)
        description += (
            f"\n定稿：{approver}于{moment:%Y-%m-%d %H:%M}批准，"
            f"正文 SHA-256 {approval.content_sha256}"
        )
    return DocumentInfo(
        title=speech.title,
        author=display_name(revision.author),
        created_at=revision.created_at,
        subject=f"第{revision.number}版",
        description=description,
        keywords=speech.occasion,
        status="定稿" if approval else revision.get_review_state_display(),
        custom=tuple(custom),
    )


def _revision_line(revision) -> str:
    moment = timezone.localtime(revision.created_at)
    author = display_name(revision.author)
    line = f"第{revision.number}版：{author}，{moment:%Y-%m-%d %H:%M}"
    return f"{line}，{revision.note}" if revision.note else line


def _title_for_files(speech) -> str:
    # A title may hold a slash; a file name may not.
    title = speech.title.replace("/", "／").replace("\\", "＼")
    return safe_filename(title)[:80]


def _ascii_stem(speech) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", speech.slug).strip("-")
    return stem or "speech"
