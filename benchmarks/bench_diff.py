"""Time compare_texts(...).to_dict() against a bare two-level diff and
git's word diff.

Run: .venv/bin/python benchmarks/bench_diff.py  (prints a Markdown table)
"""

import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import fast_diff_match_patch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafts.diffing import compare_texts, split_paragraphs  # noqa: E402
from tests.diffing.histories import demo_paragraphs, edit_chars  # noqa: E402

SIZES = (1, 10, 50)


def light(rnd: random.Random, old: list[str]) -> list[str]:
    new = [edit_chars(rnd, p, 0.1) if rnd.random() < 0.05 else p for p in old]
    new.insert(len(new) // 2 + 3, new.pop(len(new) // 2))
    k = max(range(len(new)), key=lambda i: new[i].count("。"))
    new[k : k + 1] = new[k].split("。", 1)
    new[2:4] = [new[2] + new[3]]
    return new


def heavy(rnd: random.Random, old: list[str]) -> list[str]:
    return [edit_chars(rnd, p, 0.6) if rnd.random() < 0.4 else p for p in old]


def reference(old: str, new: str) -> list:
    """Paragraph codes diff, then a char diff inside each replaced pair."""
    a, b = split_paragraphs(old), split_paragraphs(new)
    codes: dict[str, str] = {}
    for p in a + b:
        codes.setdefault(p, chr(0x10000 + len(codes)))
    ops = fast_diff_match_patch.diff(
        "".join(codes[p] for p in a),
        "".join(codes[p] for p in b),
        timelimit=0,
        checklines=False,
        cleanup="No",
        counts_only=True,
    )
    out, i, j, dels, ins = [], 0, 0, [], []
    for op, n in ops + [("=", 0)]:
        if op == "=":
            for x, y in zip(dels, ins, strict=False):
                out.append(_char_diff(a[x], b[y]))
            dels, ins, i, j = [], [], i + n, j + n
        elif op == "-":
            dels, i = dels + list(range(i, i + n)), i + n
        else:
            ins, j = ins + list(range(j, j + n)), j + n
    return out


def _char_diff(a: str, b: str):
    return fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=False
    )


def git_word_diff(old: str, new: str, folder: str) -> None:
    paths = [os.path.join(folder, name) for name in ("A", "B")]
    for path, text in zip(paths, (old, new), strict=True):
        Path(path).write_text(text, encoding="utf-8")
    env = dict(os.environ, LC_ALL="C.UTF-8")
    subprocess.run(
        [
            "git",
            "diff",
            "--no-index",
            "--word-diff=porcelain",
            "--word-diff-regex=.",
            *paths,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
    )


def median_ms(runs, repeat: int, clock=time.perf_counter) -> list[float]:
    """Return each run's median time; runs alternate so load hits all alike.

    The collector is off while a run is timed and collects between runs, so
    no run pays for garbage another one left. *clock* may be
    time.process_time: the CPU time of every thread of the process.
    """
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, bucket in zip(runs, times, strict=True):
            gc.collect()
            gc.disable()
            start = clock()
            run()
            bucket.append(clock() - start)
            gc.enable()
    return [statistics.median(bucket) * 1000 for bucket in times]


def peak_kib(run) -> float:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    rnd = random.Random(20240125)
    print(
        "| size | chars | paragraphs | edits | compare_texts ms | reference ms "
        "| git ms | vs reference | CPU vs reference | Python alone vs reference "
        "| vs git | peak KiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for copies in SIZES:
            old_paragraphs = demo_paragraphs(copies)
            old = "\n".join(old_paragraphs)
            for label, editor in (("light", light), ("heavy", heavy)):
                new = "\n".join(editor(rnd, old_paragraphs))
                row(copies, label, old, new, folder)


def row(copies, label, old, new, folder) -> None:
    repeat = 41 if copies < 50 else 11
    runs = [lambda: compare_texts(old, new).to_dict(), lambda: reference(old, new)]
    ours, bare = median_ms(runs, repeat)
    # The engine diffs on a second thread too (drafts.diffing.parallel): its
    # CPU time, all threads counted, is shown as well as its wall time.
    ours_cpu, bare_cpu = median_ms(runs, repeat, clock=time.process_time)
    alone = python_alone_ms(old, new, repeat)
    (git,) = median_ms([lambda: git_word_diff(old, new, folder)], 5)
    peak = peak_kib(lambda: compare_texts(old, new).to_dict())
    print(
        f"| {copies}× | {len(old):,} | {len(split_paragraphs(old)):,} | {label} "
        f"| {ours:.1f} | {bare:.1f} | {git:.1f} | {ours / bare:.2f} "
        f"| {ours_cpu / bare_cpu:.2f} | {alone / bare:.2f} | {ours / git:.2f} "
        f"| {peak:,.0f} |"
    )


def python_alone_ms(old: str, new: str, repeat: int) -> float:
    """Return compare_texts' time with every C++ diff made already: the
    engine's Python work alone, the floor no parallel diffing can go below.

    Looking a diff up still hashes its texts, so the floor is a little high.
    """
    made: dict[tuple, object] = {}
    real = fast_diff_match_patch.diff

    def remembered(old_text, new_text, **options):
        key = (old_text, new_text, *sorted(options.items()))
        if key not in made:
            made[key] = real(old_text, new_text, **options)
        return made[key]

    fast_diff_match_patch.diff = remembered
    try:
        compare_texts(old, new).to_dict()  # makes and keeps every diff
        (alone,) = median_ms([lambda: compare_texts(old, new).to_dict()], repeat)
    finally:
        fast_diff_match_patch.diff = real
    return alone


if __name__ == "__main__":
    main()
