"""Full-text search over the speeches a user may see: substring search, as
Chinese has no spaces to split words on (a trigram index keeps it fast on
PostgreSQL), over the latest revisions or, on request, all of them."""

from dataclasses import dataclass

from django.db.models import F, Q

from drafts import access
from drafts.models import Revision, Speech

CONTEXT = 30  # characters shown on each side of a match
MAX_SNIPPETS = 3
MAX_QUERY = 100


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Hit:
    revision: Revision
    matches: int
    snippets: tuple[Snippet, ...]


def clean_query(raw: str) -> str:
    """Return the query as searched: trimmed, one line, bounded."""
    return " ".join(raw.split())[:MAX_QUERY]


def matching_speeches(user, query: str):
    """Return the visible speeches whose title or occasion holds *query*."""
    found = Speech.objects.for_lists().filter(
        Q(title__icontains=query) | Q(occasion__icontains=query)
    )
    return access.visible_speeches(user, found)


def matching_revisions(user, query: str, *, every_revision: bool = False):
    """Return the visible revisions whose text holds *query*, newest first:
    each speech's latest only, unless *every_revision*."""
    found = Revision.objects.filter(text__icontains=query).select_related(
        "speech", "author"
    )
    if not every_revision:
        found = found.filter(pk=F("speech__latest_revision_id"))
    return access.visible_revisions(user, found).order_by("-created_at", "-pk")


def hit(revision: Revision, query: str) -> Hit:
    """Return *revision* as a search hit: its matches counted, a few shown
    in their context."""
    text, folded = revision.text, revision.text.casefold()
    needle = query.casefold()
    starts, position = [], folded.find(needle)
    while position != -1:
        starts.append(position)
        position = folded.find(needle, position + len(needle))
    return Hit(
        revision,
        len(starts),
        tuple(_snippet(text, start, len(needle)) for start in starts[:MAX_SNIPPETS]),
    )


def _snippet(text: str, start: int, length: int) -> Snippet:
    """Return the match with up to CONTEXT characters of its own paragraph on
    each side; an ellipsis says the paragraph goes on."""
    end = start + length
    opening = text.rfind("\n", 0, start) + 1
    closing = text.find("\n", end)
    closing = len(text) if closing == -1 else closing
    first, last = max(opening, start - CONTEXT), min(closing, end + CONTEXT)
    return Snippet(
        ("…" if first > opening else "") + text[first:start],
        text[start:end],
        text[end:last] + ("…" if last < closing else ""),
    )
