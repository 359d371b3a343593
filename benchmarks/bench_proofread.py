"""Time proofread() on the demo speech at 1x, 10x and 50x its length.

Run: .venv/bin/python benchmarks/bench_proofread.py
Time per 1,000 characters should stay flat: the checks are linear.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafts.proofing import proofread  # noqa: E402

DEMO = ROOT / "drafts" / "demo" / "speech-organization-work.txt"
SCALES = (1, 10, 50)


def median_seconds(text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        proofread(text)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    speech = DEMO.read_text(encoding="utf-8")
    proofread(speech)  # load the rjieba dictionary before timing
    base = None
    print(
        f"{'scale':>5} {'chars':>9} {'issues':>7} {'median ms':>10} {'ms/1k chars':>12}"
    )
    for scale in SCALES:
        text = "\n".join([speech] * scale)
        seconds = median_seconds(text, runs=max(3, 31 // scale))
        base = base or seconds
        issues = len(proofread(text).issues)
        per_k = seconds * 1000 / (len(text) / 1000)
        print(
            f"{scale:>4}x {len(text):>9,} {issues:>7} {seconds * 1000:>10.1f}"
            f" {per_k:>12.3f}   time ratio {seconds / base:5.1f}"
        )


if __name__ == "__main__":
    main()
