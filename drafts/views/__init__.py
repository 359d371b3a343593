"""Pages: parse with a form, call one service or query, render."""

from .compare import compare, compare_pick
from .errors import page_not_found, permission_denied
from .revisions import revision_detail, revision_original, revision_upload
from .speeches import speech_create, speech_detail, speech_list

__all__ = [
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
