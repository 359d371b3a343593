"""How faithfully marks follow words, on human corrections of Chinese text.

Reads sentence pairs in MuCGEC's format (id, source, then one or more
corrected versions, tab-separated; see benchmarks/data/README.md), compares
each source with each correction, and counts what tests/diffing/fidelity.py
defines: marks that cut a word (word mode), and unchanged words deleted and
re-inserted (both modes). With --against ROOT, the same counts for the
engine of another checkout (for instance the main branch) side by side.

Run: .venv/bin/python benchmarks/eval_fidelity.py [--against ../main] [FILE ...]
"""

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
FIDELITY = ROOT / "tests" / "diffing" / "fidelity.py"
SKIP = {"没有错误", "无法标注"}


def read_pairs(paths) -> list[tuple[str, str]]:
    """Return (source, correction) pairs that differ, in file order."""
    pairs = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            _, source, *corrections = line.split("\t")
            pairs += [(source, c) for c in corrections if c not in SKIP and c != source]
    return pairs


def measure(engine_root: Path, paths) -> dict:
    """Return the counts for the engine found under *engine_root*."""
    sys.path.insert(0, str(engine_root))
    from drafts.diffing import compare_texts

    # The definitions come from this checkout whichever engine is measured.
    spec = importlib.util.spec_from_file_location("fidelity", FIDELITY)
    fidelity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fidelity)
    cuts, marks, remarked = fidelity.cuts, fidelity.marks, fidelity.remarked
    unchanged_words = fidelity.unchanged_words

    counts = dict.fromkeys(
        [
            "pairs",
            "paired",
            "word_marks",
            "word_cuts",
            "word_cuts_old",
            "pairs_cut",
            "unchanged_words",
        ],
        0,
    )
    for mode in ("char", "word"):
        counts[f"{mode}_remarked"] = counts[f"{mode}_pairs_remarked"] = 0
    for old, new in read_pairs(paths):
        counts["pairs"] += 1
        result = {m: compare_texts(old, new, granularity=m) for m in ("char", "word")}
        if [c.kind for c in result["char"].changes] != ["modified"]:
            continue
        counts["paired"] += 1
        counts["unchanged_words"] += unchanged_words(old, new)
        word_segments = result["word"].changes[0].segments
        found = cuts(old, new, word_segments)
        counts["word_marks"] += sum(1 for m in marks(word_segments) if m)
        counts["word_cuts"] += len(found)
        counts["word_cuts_old"] += sum(1 for m in found if m.op == "delete")
        counts["pairs_cut"] += bool(found)
        for mode in ("char", "word"):
            again = remarked(old, new, result[mode].changes[0].segments)
            counts[f"{mode}_remarked"] += len(again)
            counts[f"{mode}_pairs_remarked"] += bool(again)
    return counts


def table(columns: dict[str, dict]) -> str:
    """Return the counts of each engine as a Markdown table."""
    rows = [
        ("pairs (source, correction)", "pairs", None),
        ("paired as one modified paragraph", "paired", "pairs"),
        ("word mode: marks cutting a word", "word_cuts", "word_marks"),
        ("word mode: of them cutting an old word", "word_cuts_old", "word_marks"),
        ("word mode: pairs with a cut word", "pairs_cut", "paired"),
        ("char mode: unchanged words re-marked", "char_remarked", "unchanged_words"),
        ("char mode: pairs re-marking a word", "char_pairs_remarked", "paired"),
        ("word mode: unchanged words re-marked", "word_remarked", "unchanged_words"),
        ("word mode: pairs re-marking a word", "word_pairs_remarked", "paired"),
    ]
    names = list(columns)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, key, base in rows:
        cells = [_cell(counts, key, base) for counts in columns.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(counts: dict, key: str, base: str | None) -> str:
    if base is None:
        return f"{counts[key]:,}"
    share = 100 * counts[key] / counts[base] if counts[base] else 0.0
    return f"{counts[key]:,} / {counts[base]:,} ({share:.1f}%)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--against", type=Path, help="another checkout to compare")
    parser.add_argument("--engine", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = args.files or sorted(DATA.glob("*.txt"))
    if not files:
        sys.exit(f"no data: see {DATA / 'README.md'}")
    if args.engine:
        print(json.dumps(measure(args.engine, files)))
        return
    roots = [args.against, ROOT] if args.against else [ROOT]
    print(table({root.resolve().name: _measured_in(root, files) for root in roots}))


def _measured_in(root: Path, files) -> dict:
    # A fresh interpreter per engine: each is imported as "drafts".
    command = [sys.executable, __file__, "--engine", str(root.resolve())]
    done = subprocess.run(
        [*command, *map(str, files)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


if __name__ == "__main__":
    main()
