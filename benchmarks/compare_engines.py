"""Compare the results of the current diff engine with an earlier one.

Run: .venv/bin/python benchmarks/compare_engines.py [--before REV] [--show N]

Drafts as writers make them (the benchmark's light and heavy edits, short
histories of small edits, random structural edits of the demo speech) and
drafts with every paragraph edited: the earlier engine runs in a subprocess
on the same texts, and every case whose JSON differs is listed with the
changes that differ.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_adversarial import _extract  # noqa: E402
from benchmarks.bench_diff import heavy, light  # noqa: E402
from drafts.diffing import compare_texts  # noqa: E402
from tests.diffing import histories  # noqa: E402

_RUN = """
import json, sys
sys.path[:0] = [{engine!r}]
from drafts.diffing import compare_texts
cases = json.load(open({path!r}, encoding="utf-8"))
print(json.dumps([compare_texts(old, new).to_dict() for old, new in cases]))
"""


def realistic_cases() -> list[tuple[str, str, str]]:
    """Return 256 (name, old, new) drafts as writers edit them."""
    cases = []
    for seed in range(24):
        rnd = random.Random(seed)
        for copies in (1, 2, 4):
            old = histories.demo_paragraphs(copies)
            for name, editor in (("light", light), ("heavy", heavy)):
                new = editor(rnd, old)
                cases.append((f"{name} ×{copies} #{seed}", *_joined(old, new)))
    demo = histories.demo_paragraphs()
    for seed in range(40):
        first = random.Random(seed).randrange(1, 60)
        pair = histories.revision_pair(demo, first, first + 10, seed=seed)
        cases.append((f"history {first}→{first + 10} #{seed}", *pair))
    return cases + _restructured(1, 72)


def every_paragraph_edited_cases() -> list[tuple[str, str, str]]:
    """Return 48 drafts with nearly every paragraph edited."""
    return _restructured(3, 24) + _restructured(6, 24)


def _restructured(copies: int, count: int) -> list[tuple[str, str, str]]:
    cases, seed = [], 0
    while len(cases) < count:
        try:
            pair = histories.restructured(copies, seed)
        except ValueError:  # an edit emptied a paragraph: not a draft
            pair = None
        if pair:
            cases.append((f"restructured ×{copies} #{seed}", *pair))
        seed += 1
    return cases


def _joined(old: list[str], new: list[str]) -> tuple[str, str]:
    return "\n".join(old), "\n".join(new)


def earlier(cases, engine: str, folder: str) -> list[dict]:
    path = Path(folder) / "cases.json"
    path.write_text(json.dumps([c[1:] for c in cases]), encoding="utf-8")
    code = _RUN.format(engine=engine, path=str(path))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def differences(before: dict, now: dict) -> list[str]:
    """Return the changes, as kind old→new, found by only one engine."""

    def shown(result):
        return {
            f"{c['kind']}{''.join('+' + t for t in c['tags'])} {c['old']}→{c['new']}"
            for c in result["changes"]
            if c["kind"] != "equal"
        }

    return sorted(shown(before) - shown(now)) + sorted(
        "now " + s for s in shown(now) - shown(before)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="main", help="git revision to compare")
    parser.add_argument("--show", type=int, default=20, help="differing cases shown")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _extract(options.before, folder)
        for label, cases in (
            ("drafts as writers edit them", realistic_cases()),
            ("every paragraph edited", every_paragraph_edited_cases()),
        ):
            before = earlier(cases, folder, folder)
            differing = [
                (name, differences(b, compare_texts(old, new).to_dict()))
                for (name, old, new), b in zip(cases, before, strict=True)
                if b != compare_texts(old, new).to_dict()
            ]
            print(f"{label}: {len(cases) - len(differing)} of {len(cases)} identical")
            for name, diff in differing[: options.show]:
                print(f"  {name}: {'; '.join(diff) or 'segments or stats only'}")


if __name__ == "__main__":
    main()
