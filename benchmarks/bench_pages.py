"""Time the pages as the work grows: 1×, 10× and 50× the demo speech's text,
and 10, 100 and 1,000 revisions. Server time through Django's test client,
cold (cache cleared; what is kept in the database stays) and warm, with the
queries each page makes and the size of its HTML.

Run: .venv/bin/python benchmarks/bench_pages.py [--quick]
Sets up its own temporary SQLite database (or DATABASE_URL's, which it must
be free to fill). Prints Markdown tables; ratios between rows are what to
compare, since absolute times drift on a shared machine.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_diff import heavy, light  # noqa: E402
from benchmarks.django_setup import setup_django  # noqa: E402
from tests.diffing import histories  # noqa: E402

RUNS = 5


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from drafts import roles

    made = {}
    for name, group in [("editor", roles.EDITORS), ("reviewer", roles.REVIEWERS)]:
        user, _ = get_user_model().objects.get_or_create(
            username=name, defaults={"is_staff": True, "is_superuser": True}
        )
        user.groups.add(Group.objects.get(name=group))
        made[name] = user
    return made


def speech_with(texts: list[str], people, slug: str):
    from drafts import services

    speech = services.speech_create(
        title=f"基准讲稿 {slug}", slug=slug, created_by=people["editor"]
    )
    services.member_add(speech=speech, user=people["reviewer"])
    for text in texts:
        services.revision_create(
            speech=speech,
            author=people["editor"],
            incoming=services.IncomingText(text=text),
        )
    speech.refresh_from_db()
    return speech


def history(copies: int, count: int, rnd: random.Random) -> list[str]:
    """Return *count* texts, each a light edit of the one before."""
    paragraphs = histories.demo_paragraphs(copies)
    texts = ["\n".join(paragraphs)]
    for n in range(count - 1):
        k = rnd.randrange(len(paragraphs))
        paragraphs[k] = f"{paragraphs[k].rstrip('。')}（修改{n}）。"
        texts.append("\n".join(paragraphs))
    return texts


def measure(client, url: str) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def timed() -> tuple[float, float, int, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return (
            (time.perf_counter() - wall) * 1000,
            (time.process_time() - cpu) * 1000,
            len(queries),
            len(response.content),
        )

    timed()  # templates compiled, digests made: what a first visitor pays once
    cold = []
    for _ in range(RUNS):
        cache.clear()
        cold.append(timed())
    warm = [timed() for _ in range(RUNS)]
    return {
        "cold": statistics.median(run[1] for run in cold),
        "warm": statistics.median(run[1] for run in warm),
        "queries": warm[-1][2],
        "kib": warm[-1][3] / 1024,
    }


def print_table(title: str, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{title}\n")
    print("| page | cold CPU ms | warm CPU ms | queries | HTML KiB |")
    print("|---|---|---|---|---|")
    for label, m in rows:
        print(
            f"| {label} | {m['cold']:.1f} | {m['warm']:.1f} | {m['queries']} |"
            f" {m['kib']:.0f} |"
        )


def text_rows(client, people, sizes, rnd) -> list:
    from django.urls import reverse

    rows = []
    for copies in sizes:
        old = histories.demo_paragraphs(copies)
        for label, edit in (("light", light), ("heavy", heavy)):
            texts = ["\n".join(old), "\n".join(edit(rnd, list(old)))]
            speech = speech_with(texts, people, f"text-{copies}-{label}")
            compare = reverse("drafts:compare", args=[speech.slug, 1, 2])
            rows.append((f"compare {copies}× {label}", measure(client, compare)))
        revision = reverse("drafts:revision_detail", args=[speech.slug, 2])
        rows.append((f"revision page {copies}×", measure(client, revision)))
    return rows


def history_rows(client, people, counts, rnd) -> list:
    from django.urls import reverse

    rows = []
    for count in counts:
        speech = speech_with(history(1, count, rnd), people, f"history-{count}")
        n = speech.revision_count
        pages = {
            "speech page": speech.get_absolute_url(),
            "latest revision page": reverse(
                "drafts:revision_detail", args=[speech.slug, n]
            ),
            "provenance page": reverse(
                "drafts:revision_provenance", args=[speech.slug, n]
            ),
            "API revision list": reverse("api_revision_list", args=[speech.slug]),
            "admin speech": reverse("admin:drafts_speech_change", args=[speech.pk]),
        }
        for label, url in pages.items():
            rows.append((f"{label}, {count} revisions", measure(client, url)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1×/10×, 10/100")
    quick = parser.parse_args().quick
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.test import Client

        people = users()
        client = Client()
        client.force_login(people["reviewer"])
        rnd = random.Random(11)
        sizes = (1, 10) if quick else (1, 10, 50)
        counts = (10, 100) if quick else (10, 100, 1000)
        print_table("Text size (2 revisions):", text_rows(client, people, sizes, rnd))
        print_table(
            "History length (1× text):", history_rows(client, people, counts, rnd)
        )


if __name__ == "__main__":
    main()
