"""Facts derived from a revision's text, computed once and kept: its
proofreading result and metrics, its comparison with its base and the size of
that change.
A page asks for the digests of the revisions it shows in one query and
computes only those that are missing; a new revision gets its digest as soon
as it is stored."""

import logging

from django.conf import settings
from django.db import transaction

from drafts.diffing import compare_texts
from drafts.diffing.compact import compact
from drafts.models import Revision, RevisionDigest
from drafts.proofing import ProofreadResult, proofread

# Raise when the proofreader or the change measure changes: older digests are
# then computed anew on first use.
DIGEST_VERSION = 2
logger = logging.getLogger(__name__)


def digests_for(revisions) -> dict[int, RevisionDigest]:
    """Return the digest of each of *revisions*, by revision id."""
    wanted = {revision.pk for revision in revisions}
    rate = settings.DRAFTS_CHARS_PER_MINUTE
    kept = {
        digest.revision_id: digest
        for digest in RevisionDigest.objects.filter(
            revision_id__in=wanted, version=DIGEST_VERSION, chars_per_minute=rate
        )
    }
    missing = wanted - kept.keys()
    if missing:
        kept.update(_computed(missing, rate))
    return kept


def digest_for(revision: Revision) -> RevisionDigest:
    return digests_for([revision])[revision.pk]


def proofread_result(revision: Revision) -> ProofreadResult:
    """Return the proofreading result of *revision*, from its digest."""
    return ProofreadResult.from_dict(digest_for(revision).proofread)


def digest_after_commit(revision: Revision) -> None:
    """Compute *revision*'s digest once the upload that stored it commits;
    a failure here must not undo the upload, so it is logged and left for
    first use."""

    def compute():
        try:
            digest_for(revision)
        except Exception:
            logger.exception("digest of revision %s not computed", revision.pk)

    transaction.on_commit(compute)


def _computed(pks, rate: int) -> dict[int, RevisionDigest]:
    revisions = Revision.objects.filter(pk__in=pks).select_related("parent")
    made = [_digest(revision, rate) for revision in revisions]
    # Two requests may compute the same digest at once; they agree, and an
    # older version's row is replaced.
    RevisionDigest.objects.bulk_create(
        made,
        update_conflicts=True,
        unique_fields=["revision"],
        update_fields=[
            "version",
            "chars_per_minute",
            "change_size",
            "base_comparison",
            "proofread",
            "computed_at",
        ],
    )
    return {digest.revision_id: digest for digest in made}


def _digest(revision: Revision, rate: int) -> RevisionDigest:
    base = None
    if revision.parent_id is not None:
        base = compact(compare_texts(revision.parent.text, revision.text).to_dict())
    return RevisionDigest(
        revision=revision,
        version=DIGEST_VERSION,
        chars_per_minute=rate,
        change_size=_change_size(base),
        base_comparison=base,
        proofread=proofread(revision.text, chars_per_minute=rate).to_dict(),
    )


def _change_size(base_comparison: dict | None) -> int | None:
    if base_comparison is None:
        return None
    stats = base_comparison["stats"]
    return stats["inserted_chars"] + stats["deleted_chars"]


def kept_base_comparison(old: Revision, new: Revision, **options) -> dict | None:
    """Return the comparison of *new* with its base as kept in its digest,
    when *old* is that base and *options* are the defaults; else None."""
    defaults = {"granularity": "char", "ignore_punct_width": False}
    if new.parent_id != old.pk or {**defaults, **options} != defaults:
        return None
    return (
        RevisionDigest.objects.filter(revision_id=new.pk, version=DIGEST_VERSION)
        .values_list("base_comparison", flat=True)
        .first()
    )
