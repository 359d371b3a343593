"""Carrying a stale upload's edits onto the latest revision."""

from dataclasses import replace

from drafts.diffing.merge import merge_texts
from drafts.errors import InvalidInput, MergeConflict
from drafts.models import Revision, Speech
from drafts.services.incoming import IncomingText
from drafts.services.revisions import revision_create


def merge_preview(*, speech: Speech, base: Revision, incoming: IncomingText):
    """Return the merge of the edits base→incoming onto the latest revision."""
    latest = Speech.objects.get(pk=speech.pk).latest_revision
    return merge_texts(base.text, incoming.text, latest.text), latest


def revision_create_merged(
    *,
    speech: Speech,
    author,
    incoming: IncomingText,
    base: Revision,
    note: str = "",
    choices: dict[int, str] | None = None,
) -> Revision:
    """Store the edits from *base* to *incoming*, carried onto the latest
    revision; conflicts must each be resolved in *choices*."""
    result, latest = merge_preview(speech=speech, base=base, incoming=incoming)
    choices = choices or {}
    if any(k not in choices for k in range(len(result.conflicts))):
        raise MergeConflict(result)
    try:
        text = result.text(choices)
    except KeyError as error:
        raise InvalidInput("冲突的处理方式无效。", "bad_choice") from error
    merged_note = (
        f"{note.strip()}（在第{base.number}版基础上的修改，"
        f"已合并到第{latest.number}版）"
    )
    return revision_create(
        speech=speech,
        author=author,
        incoming=replace(incoming, text=text, source_kind=Revision.SourceKind.MERGE),
        note=merged_note,
        base=latest,
    )
