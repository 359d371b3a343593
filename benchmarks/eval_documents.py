"""How the diff engine does on real revisions of a long Chinese document.

Compares stored versions of The Art of Command Line in Chinese (see
benchmarks/data/README.md), older against newer, in char and word mode, and
counts: the kinds of change; paragraphs paired with their true partner; and
what tests/diffing/fidelity.py defines (marks that cut a word, unchanged
words re-marked) over the paragraphs paired one to one. A paragraph's true
partner is its unique exact copy on the other side; for a traditional text,
the unique paragraph its OpenCC t2s conversion equals.

Run: .venv/bin/python benchmarks/eval_documents.py
"""

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafts.diffing import KINDS, Change, compare_texts, split_paragraphs  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "taocl"
FIDELITY = ROOT / "tests" / "diffing" / "fidelity.py"
# Older version first. README-zh-Hant.md is an older text in Taiwan wording,
# edited apart since: most paragraphs differ in more than script from their
# simplified partner, so exact t2s copies are the only known truth there.
PAIRS = [
    ("README-zh.00763520.md", "README-zh.19f6ac0e.md"),
    ("README-zh-Hant.99598de1.md", "README-zh.00763520.md"),
]
PAIRING_KINDS = ("equal", "modified", "moved", "split", "merged")
_T2S = opencc.OpenCC("t2s")


def load_fidelity():
    # By path, as eval_fidelity.py loads it: both count by one definition.
    spec = importlib.util.spec_from_file_location("fidelity", FIDELITY)
    fidelity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fidelity)
    return fidelity


def true_partners(old: list[str], new: list[str], key) -> dict[int, int]:
    """Return old index -> new index where key(old paragraph) equals exactly
    one new paragraph and no other old paragraph's key."""
    old_keys = [key(p) for p in old]
    old_counts, new_counts = Counter(old_keys), Counter(new)
    where = {p: j for j, p in enumerate(new)}
    return {
        i: where[k]
        for i, k in enumerate(old_keys)
        if old_counts[k] == 1 and new_counts[k] == 1
    }


def partners_found(changes) -> dict[int, Change]:
    """Return each old paragraph's change, where that change pairs it."""
    return {i: c for c in changes if c.kind in PAIRING_KINDS for i in c.old}


def pairing(old: str, new: str, truth: dict[int, int], script: bool) -> Counter:
    """Count the true partners found, by default and ignoring script."""
    counts = Counter(known=len(truth))
    plain = partners_found(compare_texts(old, new).changes)
    folded = partners_found(compare_texts(old, new, ignore_script=True).changes)
    old_paragraphs = split_paragraphs(old)
    for i, j in truth.items():
        change = plain.get(i)
        counts["paired"] += change is not None and j in change.new
        counts["paired_ignoring_script"] += i in folded and j in folded[i].new
        if script and _T2S.convert(old_paragraphs[i]) != old_paragraphs[i]:
            counts["converted"] += 1
            counts["converted_paired"] += change is not None and j in change.new
            counts["converted_tagged"] += change is not None and (
                "script" in change.tags
            )
    return counts


def fidelity_counts(old: str, new: str, fidelity) -> Counter:
    """Count cut and re-marked words in the paragraphs paired one to one."""
    counts = Counter()
    old_paragraphs, new_paragraphs = split_paragraphs(old), split_paragraphs(new)
    results = {m: compare_texts(old, new, granularity=m) for m in ("char", "word")}
    for mode, result in results.items():
        for change in result.changes:
            if change.kind not in ("modified", "moved") or len(change.old) != 1:
                continue
            a, b = old_paragraphs[change.old[0]], new_paragraphs[change.new[0]]
            if a == b:
                continue
            if mode == "word":
                counts["edited_pairs"] += 1
                counts["unchanged_words"] += fidelity.unchanged_words(a, b)
                marks = fidelity.marks(change.segments)
                counts["word_marks"] += sum(1 for m in marks if m)
                counts["word_cuts"] += len(fidelity.cuts(a, b, change.segments))
            counts[f"{mode}_remarked"] += len(fidelity.remarked(a, b, change.segments))
    counts.update(results["char"].stats.kinds)
    counts["old_paragraphs"] = len(old_paragraphs)
    counts["new_paragraphs"] = len(new_paragraphs)
    return counts


def measure(old_name: str, new_name: str, fidelity) -> Counter:
    old = (DATA / old_name).read_text(encoding="utf-8")
    new = (DATA / new_name).read_text(encoding="utf-8")
    script = "Hant" in old_name
    key = _T2S.convert if script else str
    truth = true_partners(split_paragraphs(old), split_paragraphs(new), key)
    return fidelity_counts(old, new, fidelity) + pairing(old, new, truth, script)


ROWS = [
    ("paragraphs, old → new", None, None),
    *((f"kind: {kind}", kind, None) for kind in KINDS),
    ("true partners known", "known", None),
    ("paired with the true partner", "paired", "known"),
    ("… with ignore_script=True", "paired_ignoring_script", "known"),
    ("script-converted partners paired", "converted_paired", "converted"),
    ("… of them tagged script", "converted_tagged", "converted"),
    ("one-to-one pairs with edits", "edited_pairs", None),
    ("word mode: marks cutting a word", "word_cuts", "word_marks"),
    ("char mode: unchanged words re-marked", "char_remarked", "unchanged_words"),
    ("word mode: unchanged words re-marked", "word_remarked", "unchanged_words"),
]


def table(columns: dict[str, Counter]) -> str:
    lines = ["| | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for label, key, base in ROWS:
        cells = [_cell(counts, key, base) for counts in columns.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(counts: Counter, key: str | None, base: str | None) -> str:
    if key is None:
        return f"{counts['old_paragraphs']} → {counts['new_paragraphs']}"
    if base is None:
        return f"{counts[key]:,}"
    if not counts[base]:
        return "–"
    share = 100 * counts[key] / counts[base]
    return f"{counts[key]:,} / {counts[base]:,} ({share:.1f}%)"


def main() -> None:
    missing = [n for n in dict.fromkeys(sum(PAIRS, ())) if not (DATA / n).exists()]
    if missing:
        print(f"skipped: {', '.join(missing)} not in {DATA}; see its README.md")
        return
    fidelity = load_fidelity()
    columns = {f"{a} → {b}": measure(a, b, fidelity) for a, b in PAIRS}
    print(table(columns))


if __name__ == "__main__":
    main()
