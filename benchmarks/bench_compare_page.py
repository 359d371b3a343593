"""Time the compare page of the demo speeches, cold (empty cache) and warm.

Run: .venv/bin/python benchmarks/bench_compare_page.py
Sets up its own temporary SQLite database; the target is under 150 ms of
server time per page, cold.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAIRS = [
    ("organization-work", 1, 6),
    ("organization-work", 6, 1),
    ("organization-work", 2, 3),
    ("organization-work", 3, 4),
    ("organization-work", 5, 6),
    ("safety-production", 1, 3),
]
QUERIES = ["", "?granularity=word", "?view=inline&ignore_punct=1"]
from benchmarks.django_setup import load_demo, setup_django  # noqa: E402

RUNS = 15


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed * 1000


def median_ms(client, url: str, *, cold: bool) -> float:
    from django.core.cache import cache

    timings = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        timings.append(timed_get(client, url))
    return statistics.median(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        load_demo()
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        client = Client()
        client.force_login(get_user_model().objects.get(username="editor"))
        timed_get(client, "/")  # compile templates before timing
        print(f"{'page':<58} {'cold ms':>8} {'warm ms':>8}")
        colds, warms = [], []
        for slug, a, b in PAIRS:
            for query in QUERIES:
                kwargs = {"slug": slug, "a": a, "b": b}
                url = reverse("drafts:compare", kwargs=kwargs) + query
                cold = median_ms(client, url, cold=True)
                warm = median_ms(client, url, cold=False)
                colds.append(cold)
                warms.append(warm)
                print(f"{url:<58} {cold:>8.1f} {warm:>8.1f}")
        print(
            f"{'median of all pages':<58} {statistics.median(colds):>8.1f}"
            f" {statistics.median(warms):>8.1f}"
        )
        print(f"{'slowest page':<58} {max(colds):>8.1f} {max(warms):>8.1f}")


if __name__ == "__main__":
    main()
