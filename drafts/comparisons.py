"""Comparisons of stored revisions, computed once per pair of revisions and
options, then cached: revisions never change, so a cached comparison never
goes stale. What is cached holds the changes, not the unchanged text: an
unchanged paragraph is a pair of indices, its text read from the revision."""

from django.core.cache import cache

from drafts.diffing import compare_texts
from drafts.diffing.compact import compact, expand

CACHE_VERSION = 2
CACHE_SECONDS = 60 * 60 * 24 * 30


def cache_key(old, new, *, granularity: str, ignore_punct_width: bool) -> str:
    """Return the cache key of one comparison; texts are in it by their hash."""
    flag = "1" if ignore_punct_width else "0"
    return (
        f"drafts:compare:{CACHE_VERSION}:{old.pk}:{old.text_sha256}:"
        f"{new.pk}:{new.text_sha256}:{granularity}:{flag}"
    )


def comparison_for(
    old, new, *, granularity: str = "char", ignore_punct_width: bool = False
) -> dict:
    """Return the comparison of two revisions as a plain dict, cached, in
    which unchanged paragraphs carry no segments (see full_comparison)."""
    key = cache_key(
        old, new, granularity=granularity, ignore_punct_width=ignore_punct_width
    )
    result = cache.get(key)
    if result is None:
        comparison = compare_texts(
            old.text,
            new.text,
            granularity=granularity,
            ignore_punct_width=ignore_punct_width,
        )
        result = compact(comparison.to_dict())
        cache.set(key, result, CACHE_SECONDS)
    return result


def full_comparison(old, new, **options) -> dict:
    """Return the comparison as compare_texts(...).to_dict() gives it."""
    return expand(comparison_for(old, new, **options), new.text)
