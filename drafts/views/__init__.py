"""Pages: parse with a form, call one service or query, render."""

from .compare import compare, compare_pick
from .errors import bad_request, page_not_found, permission_denied, server_error
from .revisions import revision_detail, revision_original, revision_upload
from .speeches import speech_create, speech_detail, speech_list

__all__ = [
    "bad_request",
    "server_error",
    "compare",
    "compare_pick",
    "page_not_found",
    "permission_denied",
    "revision_detail",
    "revision_original",
    "revision_upload",
    "speech_create",
    "speech_detail",
    "speech_list",
]
