"""Share of paragraphs paired with their true partner, now and before.

Run: .venv/bin/python benchmarks/bench_partners.py [--before REV]

The draft is tests/diffing/histories.shuffled_document(): 1,000 speech-like
paragraphs, every one revised and all shuffled, so the truth is known.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_adversarial import _extract  # noqa: E402
from drafts.diffing import compare_texts  # noqa: E402
from tests.diffing import histories  # noqa: E402

_RUN = """
import json, sys, time
sys.path[:0] = [{engine!r}, {root!r}]
from drafts.diffing import compare_texts
from tests.diffing import histories
old, new, _ = histories.shuffled_document()
start = time.perf_counter()
result = compare_texts(old, new).to_dict()
print(json.dumps([time.perf_counter() - start, result["changes"]]))
"""


def partners(changes: list[dict], truth: list[int]) -> tuple[int, int, int]:
    """Return how many old paragraphs are paired with their true partner,
    with another one, and with none."""
    pairs = {
        c["old"][0]: c["new"][0]
        for c in changes
        if c["kind"] in ("equal", "modified", "moved")
    }
    right = sum(pairs.get(i) == j for i, j in enumerate(truth))
    wrong = sum(i in pairs and pairs[i] != j for i, j in enumerate(truth))
    return right, wrong, len(truth) - right - wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="ca1b99e", help="git revision")
    options = parser.parse_args()
    old, new, truth = histories.shuffled_document()
    start = time.perf_counter()
    now = compare_texts(old, new).to_dict()["changes"]
    seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        _extract(options.before, folder)
        code = _RUN.format(engine=folder, root=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        before_seconds, before = json.loads(done.stdout)
    print("| engine | true partner | another | none | share | s |")
    print("|---|---|---|---|---|---|")
    for name, changes, took in (
        (options.before, before, before_seconds),
        ("now", now, seconds),
    ):
        right, wrong, none = partners(changes, truth)
        share = 100 * right / len(truth)
        print(f"| {name} | {right} | {wrong} | {none} | {share:.1f} % | {took:.2f} |")


if __name__ == "__main__":
    main()
