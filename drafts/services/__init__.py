"""Writes that touch several rows. Every entry point (browser, API, admin,
commands) calls these, so validation, permissions and numbering hold everywhere.
"""

from drafts.services.comments import (
    PlacedComment,
    comment_add,
    comment_set_resolved,
    comments_for,
)
from drafts.services.downloads import (
    comparison_export,
    download_record,
    original_download,
    revision_export,
)
from drafts.services.fixes import revision_apply_fixes, revision_findings
from drafts.services.incoming import (
    IncomingText,
    incoming_from_file,
    incoming_from_paste,
    max_upload_bytes,
    too_large_error,
)
from drafts.services.members import member_add, member_remove
from drafts.services.merges import merge_preview, revision_create_merged
from drafts.services.reviews import (
    last_reviewed_revision,
    may_decide,
    review_record,
    revision_from_decisions,
    revision_submit,
)
from drafts.services.revisions import revision_base, revision_create, speech_create

__all__ = [
    "IncomingText",
    "PlacedComment",
    "comment_add",
    "comment_set_resolved",
    "comments_for",
    "comparison_export",
    "download_record",
    "incoming_from_file",
    "incoming_from_paste",
    "last_reviewed_revision",
    "member_add",
    "member_remove",
    "max_upload_bytes",
    "may_decide",
    "merge_preview",
    "original_download",
    "review_record",
    "revision_apply_fixes",
    "revision_base",
    "revision_create",
    "revision_create_merged",
    "revision_export",
    "revision_findings",
    "revision_from_decisions",
    "revision_submit",
    "speech_create",
    "too_large_error",
]
