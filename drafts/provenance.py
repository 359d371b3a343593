"""A revision's paragraphs with where each came from, for the 溯源 page and
the API: read from the revision's digest, with the authors' names."""

from django.contrib.auth import get_user_model

from drafts.diffing import split_paragraphs
from drafts.diffing.provenance import Origin
from drafts.digests import PROVENANCE, digest_for


def paragraph_origins(revision) -> list[dict]:
    """Return, per paragraph of *revision*: its number, text, the revision
    where it first appeared and the one that last changed it, and by whom."""
    origins = [
        Origin(*origin) for origin in digest_for(revision, only=PROVENANCE).provenance
    ]
    authors = {
        user.pk: user
        for user in get_user_model().objects.filter(
            pk__in={origin.author for origin in origins}
        )
    }
    return [
        {
            "number": k + 1,
            "text": text,
            "first": origin.first,
            "changed": origin.changed,
            "author": authors.get(origin.author),
        }
        for k, (text, origin) in enumerate(
            zip(split_paragraphs(revision.text), origins, strict=True)
        )
    ]
