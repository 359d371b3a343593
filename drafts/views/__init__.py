"""Pages: parse with a form, call one service or query, render."""

from .compare import compare, compare_pick
from .errors import bad_request, page_not_found, permission_denied, server_error
from .exports import compare_export, revision_export, revision_original
from .revisions import revision_detail, revision_upload
from .speeches import speech_create, speech_detail, speech_list

__all__ = [
    "bad_request",
    "server_error",
    "compare",
    "compare_export",
    "compare_pick",
    "page_not_found",
    "permission_denied",
    "revision_detail",
    "revision_export",
    "revision_original",
    "revision_upload",
    "speech_create",
    "speech_detail",
    "speech_list",
]
