"""Files leaving the system: each original or export served is recorded
with who took it, when, what, and the SHA-256 of the bytes that left."""

from django.db import transaction

from drafts import exports
from drafts.access import can_view
from drafts.errors import NotFound
from drafts.exports import ExportFile
from drafts.models import Download, Revision


def revision_export(
    *, revision: Revision, file_format: str, user, channel: str
) -> ExportFile:
    """Return *revision* as a .txt or .docx file for *user*, recorded."""
    _require_view(user, revision)
    served = exports.revision_file(revision, file_format)
    download_record(
        served=served,
        revision=revision,
        kind=Download.Kind.REVISION,
        user=user,
        channel=channel,
    )
    return served


def comparison_export(
    *, old: Revision, new: Revision, user, channel: str
) -> ExportFile:
    """Return *old* → *new* as a .docx of tracked changes for *user*, recorded."""
    _require_view(user, new)
    served = exports.comparison_file(old, new)
    download_record(
        served=served,
        revision=new,
        base_revision=old,
        kind=Download.Kind.COMPARISON,
        user=user,
        channel=channel,
    )
    return served


def original_download(*, revision: Revision, user, channel: str) -> ExportFile:
    """Return the file *revision* was uploaded as for *user*, recorded."""
    _require_view(user, revision)
    served = exports.original_file(revision)
    download_record(
        served=served,
        revision=revision,
        kind=Download.Kind.ORIGINAL,
        user=user,
        channel=channel,
    )
    return served


@transaction.atomic
def download_record(
    *,
    served: ExportFile,
    revision: Revision,
    kind: str,
    user,
    channel: str,
    base_revision: Revision | None = None,
) -> Download:
    """Record that *served* left to *user* (None: an operator's command)."""
    return Download.objects.create(
        speech_id=revision.speech_id,
        revision=revision,
        base_revision=base_revision,
        kind=kind,
        file_format=served.file_format[:16],
        filename=served.filename[:255],
        size=len(served.data),
        sha256=served.sha256,
        channel=channel,
        downloaded_by=user,
    )


def _require_view(user, revision: Revision) -> None:
    # The entry points find the revision through drafts.access already; a
    # service called from elsewhere keeps the same rule.
    if user is not None and not can_view(user, revision.speech):
        raise NotFound("没有这篇讲稿。", "not_found")
