"""Time compare_texts on drafts built to make it slow, against the engine
as it was before its searches were bounded.

Run: .venv/bin/python benchmarks/bench_adversarial.py [--before REV] [--quick]
(prints a Markdown table). The old engine runs once per case, in a
subprocess cut off after --timeout seconds; the current one is timed with
repeats and its median reported.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_diff import median_ms, reference  # noqa: E402
from drafts.diffing import compare_texts  # noqa: E402
from drafts.diffing.scoring import Work  # noqa: E402
from tests.diffing import histories  # noqa: E402

# The engine just before its candidate searches were bounded.
BEFORE = "93b41ae"
SIZE = 500_000
CASES = {  # name: (builder in tests/diffing/histories.py, its arguments)
    "history 940→1000 (the issue)": ("revision_pair", ("demo", 940, 1000)),
    "saturated history ×75": ("saturated", (75,)),
    "saturated history ×75, shuffled": ("shuffled_saturated", (75,)),
    "near-duplicates": ("near_duplicates", (SIZE,)),
    "identical paragraphs": ("identical_paragraphs", (SIZE,)),
    "400 identical paragraphs reversed": ("reversed_identical_runs", (200,)),
    "shuffled, every paragraph edited": ("shuffled_rewrite", (SIZE,)),
    "every paragraph edited": ("every_paragraph_edited", (SIZE,)),
    "swapped halves, all left over": ("swapped_halves", (470,)),
    "one huge paragraph vs 10,000": ("huge_against_small", (SIZE,)),
    "one word replaced everywhere": ("global_replace", (SIZE,)),
}
_TIMED = textwrap.dedent(
    """
    import json, sys, time
    sys.path[:0] = [{engine!r}, {root!r}]
    from drafts.diffing import compare_texts
    from tests.diffing import histories
    demo = histories.demo_paragraphs()
    arguments = [demo if a == "demo" else a for a in {arguments!r}]
    old, new = getattr(histories, {builder!r})(*arguments)
    start = time.perf_counter()
    compare_texts(old, new)
    print(json.dumps(time.perf_counter() - start))
    """
)


def main() -> None:
    options = _options()
    cases = list(CASES.items())[:2] if options.quick else list(CASES.items())
    print(
        "| case | chars | paragraphs | ms | diffs | reference ms | before ms "
        "| before / now |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    with tempfile.TemporaryDirectory() as folder:
        _extract(options.before, folder)
        for name, case in cases:
            print(_row(name, case, folder, options), flush=True)


def _options():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE, help="git revision to compare")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="the first two cases")
    return parser.parse_args()


def _extract(revision: str, folder: str) -> None:
    archive = subprocess.run(
        ["git", "archive", revision, "drafts/__init__.py", "drafts/diffing"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)


def build(module, builder: str, arguments: tuple) -> tuple[str, str]:
    """Return the texts of a case; "demo" stands for the demo's paragraphs."""
    demo = module.demo_paragraphs()
    return getattr(module, builder)(*(demo if a == "demo" else a for a in arguments))


def _row(name: str, case, folder: str, options) -> str:
    old, new = build(histories, *case)
    diffs = Work.diffs
    result = compare_texts(old, new)
    diffs = Work.diffs - diffs
    # The bare two-level diff of bench_diff.py, side by side: what pairing
    # nothing but the replaced blocks' paragraphs in order costs.
    now, bare = median_ms(
        [lambda: compare_texts(old, new), lambda: reference(old, new)], options.repeat
    )
    before = _before_ms(case, folder, options.timeout)
    if before is None:
        shown, ratio = (
            f"> {options.timeout:,.0f} s",
            f"> {options.timeout * 1e3 / now:,.0f}",
        )
    else:
        shown, ratio = f"{before:,.0f}", f"{before / now:,.0f}"
    paragraphs = f"{result.stats.old_paragraphs:,} / {result.stats.new_paragraphs:,}"
    return (
        f"| {name} | {len(old):,} | {paragraphs} | {now:,.0f} | {diffs:,} "
        f"| {bare:,.0f} | {shown} | {ratio} |"
    )


def _before_ms(case, folder: str, timeout: float) -> float | None:
    builder, arguments = case
    code = _TIMED.format(
        engine=folder, root=str(ROOT), builder=builder, arguments=arguments
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout) * 1000


if __name__ == "__main__":
    main()
