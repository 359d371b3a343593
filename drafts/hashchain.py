"""The tamper-evident chain of review decisions. Each decision's hash covers
its own content and the hash of the decision before it in the same speech, so
rewriting or removing one breaks every link after it. Pure: plain values in,
hex digests out."""

import hashlib
from datetime import UTC, datetime

SCHEME = "drafts-review-chain-v1"


def genesis_hash(speech_id: int) -> str:
    """Return the hash a speech's first decision follows."""
    return _digest(SCHEME, "genesis", str(speech_id))


def entry_hash(
    *,
    previous_hash: str,
    speech_id: int,
    revision_id: int,
    revision_number: int,
    content_sha256: str,
    reviewer_id: int,
    decision: str,
    note: str,
    created_at: datetime,
) -> str:
    """Return the hash of one decision, linked to *previous_hash*."""
    return _digest(
        SCHEME,
        previous_hash,
        str(speech_id),
        str(revision_id),
        str(revision_number),
        content_sha256,
        str(reviewer_id),
        decision,
        note,
        _instant(created_at),
    )


def _instant(moment: datetime) -> str:
    # Microseconds in UTC: what SQLite and PostgreSQL both give back.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(*parts: str) -> str:
    # Length-prefixed, so that no two different contents join to one string.
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
