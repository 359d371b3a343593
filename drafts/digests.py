"""Facts derived from a revision's text, computed once and kept: its
proofreading result and metrics, its comparison with its base, the size of
that change and where each paragraph came from (carried from the base's own
provenance, so that revision 1,000 costs one comparison, not 1,000).
A page asks for the digests of the revisions it shows in one query and
computes only those that are missing; a new revision gets its digest as soon
as it is stored."""

import logging

from django.conf import settings
from django.db import transaction

from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.compact import compact, unrolled
from drafts.diffing.provenance import Origin, carry_provenance, first_provenance
from drafts.models import Revision, RevisionDigest
from drafts.proofing import ProofreadResult, proofread

# Raise when the proofreader or the change measure changes: older digests are
# then computed anew on first use.
DIGEST_VERSION = 6
logger = logging.getLogger(__name__)
# What pages load of a digest (digests_for's *only*).
SIZES = ("change_size", "inserted_chars", "deleted_chars")
PROOFREAD = ("proofread",)
PROVENANCE = ("provenance",)


def digests_for(revisions, *, only=()) -> dict[int, RevisionDigest]:
    """Return the digest of each of *revisions*, by revision id; with *only*,
    the kept ones load just those fields: the JSON of a long text's
    comparison, provenance and proofreading is decoded only where used."""
    wanted = {revision.pk for revision in revisions}
    rate = settings.DRAFTS_CHARS_PER_MINUTE
    kept_digests = RevisionDigest.objects.filter(
        revision_id__in=wanted, version=DIGEST_VERSION, chars_per_minute=rate
    )
    if only:
        kept_digests = kept_digests.only("version", "chars_per_minute", *only)
    kept = {digest.revision_id: digest for digest in kept_digests}
    missing = wanted - kept.keys()
    if missing:
        kept.update(_computed(missing, rate))
    return kept


def digest_for(revision: Revision, *, only=()) -> RevisionDigest:
    return digests_for([revision], only=only)[revision.pk]


def proofread_result(revision: Revision) -> ProofreadResult:
    """Return the proofreading result of *revision*, from its digest."""
    return ProofreadResult.from_dict(digest_for(revision, only=PROOFREAD).proofread)


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
    """Compute the digests of *pks*, and first those of any base revision
    that has none: a provenance is carried from its base's."""
    chain = _missing_chain(set(pks), rate)
    # A base is always an earlier revision: by number, bases come first.
    ordered = list(
        Revision.objects.filter(pk__in=chain)
        .order_by("number", "pk")
        .values_list("pk", flat=True)
    )
    made, provenances = [], {}
    for number_pks in _batches(ordered):
        revisions = Revision.objects.filter(pk__in=number_pks).select_related("parent")
        for revision in sorted(revisions, key=lambda r: r.number):
            base = provenances.get(revision.parent_id)
            if base is None and revision.parent_id is not None:
                base = _kept_provenance(revision.parent_id)
            digest = _digest(revision, rate, base)
            provenances[revision.pk] = [Origin(*o) for o in digest.provenance]
            made.append(digest)
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
            "inserted_chars",
            "deleted_chars",
            "provenance",
            "base_comparison",
            "proofread",
            "computed_at",
        ],
    )
    return {digest.revision_id: digest for digest in made}


def _missing_chain(pks: set[int], rate: int) -> set[int]:
    """Return *pks* with the base revisions, base of base and so on, that
    lack a digest."""
    order, frontier = set(), set(pks)
    while frontier:
        rows = dict(
            Revision.objects.filter(pk__in=frontier).values_list("pk", "parent_id")
        )
        order |= frontier
        parents = {parent for parent in rows.values() if parent} - order
        kept = set(
            RevisionDigest.objects.filter(
                revision_id__in=parents, version=DIGEST_VERSION, chars_per_minute=rate
            ).values_list("revision_id", flat=True)
        )
        frontier = parents - kept
    return order


def _batches(pks: list[int], size: int = 50):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _kept_provenance(pk: int) -> list[Origin]:
    kept = RevisionDigest.objects.values_list("provenance", flat=True).get(
        revision_id=pk
    )
    return [Origin(*origin) for origin in kept]


def _digest(revision: Revision, rate: int, base_provenance) -> RevisionDigest:
    base = None
    if revision.parent_id is None:
        provenance = first_provenance(
            len(split_paragraphs(revision.text)), revision.number, revision.author_id
        )
    else:
        base = compact(compare_texts(revision.parent.text, revision.text).to_dict())
        provenance = carry_provenance(
            base_provenance, unrolled(base), revision.number, revision.author_id
        )
    stats = base["stats"] if base else {"inserted_chars": 0, "deleted_chars": 0}
    return RevisionDigest(
        revision=revision,
        version=DIGEST_VERSION,
        chars_per_minute=rate,
        change_size=_change_size(base),
        inserted_chars=stats["inserted_chars"],
        deleted_chars=stats["deleted_chars"],
        base_comparison=base,
        provenance=[origin.to_list() for origin in provenance],
        proofread=proofread(revision.text, chars_per_minute=rate).to_dict(),
    )


def _change_size(base_comparison: dict | None) -> int | None:
    """Return the characters inserted, deleted and moved: a paragraph moved
    elsewhere is a change a reader has to see, though no character changed."""
    if base_comparison is None:
        return None
    stats = base_comparison["stats"]
    moved = sum(
        len(text)
        for change in base_comparison["changes"]
        if change["kind"] == "moved"
        for op, text in change["segments"]
        if op == "equal"
    )
    return stats["inserted_chars"] + stats["deleted_chars"] + moved


def kept_base_comparison(old: Revision, new: Revision, **options) -> dict | None:
    """Return the comparison of *new* with its base as kept in its digest,
    when *old* is that base and *options* are the defaults; else None."""
    defaults = {
        "granularity": "char",
        "ignore_punct_width": False,
        "ignore_script": False,
    }
    if new.parent_id != old.pk or {**defaults, **options} != defaults:
        return None
    return (
        RevisionDigest.objects.filter(revision_id=new.pk, version=DIGEST_VERSION)
        .values_list("base_comparison", flat=True)
        .first()
    )
