"""Comparisons of stored revisions, computed once per pair of revisions and
options, then cached: revisions never change, so a cached comparison never
goes stale. What is cached holds the changes, not the unchanged text: an
unchanged paragraph is a pair of indices, its text read from the revision."""

import time
from typing import NamedTuple

from django.core.cache import cache

from drafts.diffing import compare_texts
from drafts.diffing.compact import compact, expand
from drafts.digests import kept_base_comparison

# Raised when what is cached under these keys changes shape (5: the page
# rows hold drawn HTML).
CACHE_VERSION = 5
CACHE_SECONDS = 60 * 60 * 24 * 30


def cache_key(
    old, new, *, granularity: str, ignore_punct_width: bool, ignore_script=False
) -> str:
    """Return the cache key of one comparison; texts are in it by their hash."""
    flag = ("1" if ignore_punct_width else "0") + ("s" if ignore_script else "")
    return (
        f"drafts:compare:{CACHE_VERSION}:{old.pk}:{old.text_sha256}:"
        f"{new.pk}:{new.text_sha256}:{granularity}:{flag}"
    )


class Fetched(NamedTuple):
    """A comparison, where it came from ("cache" or "computed") and the
    milliseconds it took to get."""

    comparison: dict | None
    source: str
    ms: float


def fetch_comparison(
    old,
    new,
    *,
    granularity: str = "char",
    ignore_punct_width: bool = False,
    ignore_script: bool = False,
) -> Fetched:
    """Return the comparison of two revisions from the cache, or compute and
    cache it; say which it was. Unchanged paragraphs carry no segments (see
    full_comparison)."""
    started = time.perf_counter()
    options = {
        "granularity": granularity,
        "ignore_punct_width": ignore_punct_width,
        "ignore_script": ignore_script,
    }
    key = cache_key(old, new, **options)
    result, source = cache.get(key), "cache"
    if result is None:
        result, source = kept_base_comparison(old, new, **options), "kept"
    if result is None:
        comparison = compare_texts(old.text, new.text, **options)
        result, source = compact(comparison.to_dict()), "computed"
    if source != "cache":
        cache.set(key, result, CACHE_SECONDS)
    return Fetched(result, source, (time.perf_counter() - started) * 1000)


def comparison_for(old, new, **options) -> dict:
    """Return the comparison of two revisions as a plain dict, cached."""
    return fetch_comparison(old, new, **options).comparison


def server_timing(fetched: Fetched) -> str:
    """Return a Server-Timing header value saying how the comparison was had."""
    return f'comparison;desc="{fetched.source}";dur={fetched.ms:.1f}'


def full_comparison(old, new, **options) -> dict:
    """Return the comparison as compare_texts(...).to_dict() gives it."""
    return expand(comparison_for(old, new, **options), new.text)
