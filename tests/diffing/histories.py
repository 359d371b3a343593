"""Seeded drafts that once made the engine slow, for tests and benchmarks.

Pure and deterministic: the same arguments always build the same texts, and
nothing here loads Django, so benchmarks/ imports it too.
"""

import random
from pathlib import Path

from drafts.diffing import split_paragraphs

DEMO = Path(__file__).resolve().parents[2] / "drafts/demo/speech-organization-work.txt"
# Every edit draws from this one phrase, so after a long history all
# paragraphs share most of their characters and bigrams.
PHRASE = "进一步加强和改进新形势下的组织工作"
SHARE = 0.05
# The seed whose revisions 940 and 1,000 ran 2,341 split and merge diffs, as
# in the issue that reported them (2,343).
SLOW_SEED = 4


def demo_paragraphs(copies: int = 1) -> list[str]:
    """Return the demo speech's paragraphs, *copies* times, each copy marked."""
    base = split_paragraphs(DEMO.read_text(encoding="utf-8"))
    return [f"{p}（{n}）" if n else p for n in range(copies) for p in base]


def revision_pair(
    paragraphs: list[str], first: int, last: int, *, seed: int = SLOW_SEED
) -> tuple[str, str]:
    """Return revisions *first* and *last* of a history of small edits.

    Edit k (from 1) replaces SHARE of one random paragraph's characters with
    random characters of PHRASE; revision 0 is *paragraphs* itself.
    """
    rnd, current = random.Random(seed), list(paragraphs)
    old = "\n".join(current)
    for number in range(1, last + 1):
        k = rnd.randrange(len(current))
        current[k] = scatter(rnd, current[k])
        if number == first:
            old = "\n".join(current)
    return old, "\n".join(current)


def scatter(rnd: random.Random, text: str, share: float = SHARE) -> str:
    """Return *text* with *share* of its characters replaced from PHRASE."""
    chars = list(text)
    for pos in rnd.sample(range(len(chars)), max(1, round(len(chars) * share))):
        chars[pos] = rnd.choice(PHRASE)
    return "".join(chars)


def saturated(copies: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return the slow history's shape at *copies* times the demo's length.

    Every paragraph has had 48 edits (revision 940's share of 1,000 edits
    over 21 paragraphs); the newer text gives each three more.
    """
    rnd = random.Random(seed)
    old = [_edited(rnd, p, 48) for p in demo_paragraphs(copies)]
    new = [_edited(rnd, p, 3) for p in old]
    return "\n".join(old), "\n".join(new)


def near_duplicates(chars: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return texts whose paragraphs are all edits of one demo paragraph."""
    rnd = random.Random(seed)
    base = demo_paragraphs()[8]
    old = [scatter(rnd, base) for _ in range(chars // (len(base) + 1))]
    new = [scatter(rnd, p) for p in old]
    return "\n".join(old), "\n".join(new)


def huge_against_small(chars: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return one paragraph of about *chars* characters, and the same text cut
    into one edited paragraph per sentence."""
    rnd = random.Random(seed)
    copies = chars // len("".join(demo_paragraphs())) + 1
    whole = "".join(demo_paragraphs(copies))[:chars]
    sentences = [s + "。" for s in whole.split("。") if s]
    return whole, "\n".join(scatter(rnd, s) for s in sentences)


def shuffled_rewrite(chars: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return the demo speech repeated, and all its paragraphs shuffled and
    each edited."""
    rnd = random.Random(seed)
    copies = chars // len("\n".join(demo_paragraphs())) + 1
    old = demo_paragraphs(copies)
    new = [scatter(rnd, p) for p in old]
    rnd.shuffle(new)
    return "\n".join(old), "\n".join(new)


def identical_paragraphs(chars: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return one paragraph repeated, and one edit of it repeated."""
    base = demo_paragraphs()[8]
    count = chars // (len(base) + 1)
    edited = scatter(random.Random(seed), base)
    return "\n".join([base] * count), "\n".join([edited] * count)


def _edited(rnd: random.Random, text: str, times: int) -> str:
    for _ in range(times):
        text = scatter(rnd, text)
    return text


def global_replace(chars: int) -> tuple[str, str]:
    """Return the demo speech repeated, and the same with one common word
    replaced everywhere, so that nearly every paragraph changed."""
    copies = chars // len("\n".join(demo_paragraphs())) + 1
    old = "\n".join(demo_paragraphs(copies))
    return old, old.replace("组织", "组识")


def every_paragraph_edited(chars: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return the demo speech repeated, and the same with every paragraph
    edited once: one replaced block as long as the text."""
    rnd = random.Random(seed)
    copies = chars // len("\n".join(demo_paragraphs())) + 1
    old = demo_paragraphs(copies)
    return "\n".join(old), "\n".join(scatter(rnd, p) for p in old)


def restructured(copies: int, seed: int) -> tuple[str, str]:
    """Return the demo speech repeated, and a revision with nearly every
    paragraph edited and up to twelve moves, splits, merges, deletions,
    insertions and rewrites."""
    rnd = random.Random(seed)
    base = demo_paragraphs(copies)
    share = rnd.choice([0.02, 0.05, 0.1, 0.3])
    new = [edit_chars(rnd, p, share) if rnd.random() < 0.95 else p for p in base]
    for _ in range(rnd.randint(0, 12)):
        _restructure(rnd, new, base, rnd.choice(_ACTIONS), rnd.randrange(len(new)))
    return "\n".join(base), "\n".join(p for p in new if p)


_ACTIONS = ["move", "split", "merge", "delete", "insert", "heavy"]


def _restructure(rnd, new: list[str], base: list[str], action: str, k: int) -> None:
    if action == "heavy":
        new[k] = edit_chars(rnd, new[k], 0.6)
    elif action == "move":
        new.insert(rnd.randrange(len(new)), new.pop(k))
    elif action == "split" and len(new[k]) > 2:
        cut = new[k].find("。") + 1 or rnd.randrange(1, len(new[k]))
        new[k : k + 1] = [new[k][:cut], new[k][cut:]]
    elif action == "merge" and k + 1 < len(new):
        new[k : k + 2] = [new[k] + new[k + 1]]
    elif action == "delete" and len(new) > 1:
        new.pop(k)
    elif action == "insert":
        new.insert(k, edit_chars(rnd, rnd.choice(base), 0.3))


def edit_chars(rnd: random.Random, text: str, share: float) -> str:
    """Return *text* with runs of up to six characters replaced by up to six
    characters of PHRASE (benchmarks/bench_diff.py's edit)."""
    chars = list(text)
    for _ in range(max(1, int(len(chars) * share / 4))):
        pos = rnd.randrange(len(chars))
        chars[pos : pos + rnd.randint(0, 6)] = rnd.sample(PHRASE, rnd.randint(0, 6))
    return "".join(chars)


def inserted_batch(copies: int, at: int, count: int, share: float, *, seed: int):
    """Return the demo speech repeated, and the same with every paragraph
    edited and *count* new paragraphs inserted together at *at*: the pairs
    after them sit *count* places off the block's diagonal."""
    rnd = random.Random(seed)
    old = demo_paragraphs(copies)
    new = [scatter(rnd, p, share) for p in old]
    poem = "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少"
    for _ in range(count):
        new.insert(at, "新增段落" + "".join(rnd.choice(poem) for _ in range(60)))
    return "\n".join(old), "\n".join(new)


def swapped_halves(count: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return *count* edits of one demo paragraph followed by *count* of
    another, and the same with the halves swapped and edited again: every
    paragraph is left over for the move search, each resembling half of them."""
    rnd = random.Random(seed)
    first, second = demo_paragraphs()[8], demo_paragraphs()[9]
    old = [scatter(rnd, first) for _ in range(count)]
    old += [scatter(rnd, second) for _ in range(count)]
    new = [scatter(rnd, p) for p in old[count:] + old[:count]]
    return "\n".join(old), "\n".join(new)


def shuffled_saturated(copies: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return saturated(copies) with the newer text's paragraphs shuffled:
    each paragraph's likeliest partner is then unrelated text of the same
    few characters, the costliest diff there is."""
    old, new = saturated(copies, seed=seed)
    paragraphs = new.split("\n")
    random.Random(seed).shuffle(paragraphs)
    return old, "\n".join(paragraphs)


_SPEECHES = (
    DEMO,
    DEMO.parent / "speech-safety-production.txt",
    DEMO.parents[2] / "tests/proofing/data/clean-speech.txt",
)
_CLAUSE_END = "，。；！？："


def speech_clauses() -> list[str]:
    """Return the clauses of the real speeches in the project, in order and
    without their punctuation, repeats dropped."""
    clauses: dict[str, None] = {}
    for path in _SPEECHES:
        text = path.read_text(encoding="utf-8")
        for mark in _CLAUSE_END:
            text = text.replace(mark, "\n")
        clauses.update(dict.fromkeys(split_paragraphs(text)))
    return [clause for clause in clauses if len(clause) > 3]


def speech_paragraph(rnd: random.Random, clauses: list[str]) -> str:
    """Return a paragraph of one to a dozen sentences, each a few clauses
    of the real speeches, or a heading of one clause: speech-like text whose
    paragraphs share stock phrases as a speech's do."""
    if rnd.random() < 0.1:
        return rnd.choice("一二三四五六七八九十") + "、" + rnd.choice(clauses)
    sentences = []
    for _ in range(rnd.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12])):
        parts = rnd.sample(clauses, rnd.randint(1, 4))
        sentences.append("，".join(parts) + "。")
    return "".join(sentences)


def revise(rnd: random.Random, text: str, clauses: list[str]) -> str:
    """Return *text* revised as a writer would: words replaced, a phrase
    inserted or cut, one edit per 60 characters or so."""
    for _ in range(1 + len(text) // 60):
        action = rnd.choice(["replace", "replace", "insert", "cut"])
        pos = rnd.randrange(len(text))
        span = rnd.randint(1, 4)
        if action == "cut" and len(text) > 2 * span:
            text = text[:pos] + text[pos + span :]
            continue
        words = rnd.choice(clauses)
        start = rnd.randrange(len(words))
        word = words[start : start + rnd.randint(2, 4)]
        keep = pos + span if action == "replace" else pos
        text = text[:pos] + word + text[keep:]
    return text


def shuffled_document(
    count: int = 1000, *, seed: int = SLOW_SEED
) -> tuple[str, str, list[int]]:
    """Return a speech-like draft of *count* paragraphs, its revision with
    every paragraph revised and all of them shuffled, and for each old
    paragraph the index of its revision in the new text."""
    rnd = random.Random(seed)
    clauses = speech_clauses()
    old = [speech_paragraph(rnd, clauses) for _ in range(count)]
    order = list(range(count))
    rnd.shuffle(order)
    new = [revise(rnd, old[k], clauses) for k in order]
    truth = [0] * count
    for position, k in enumerate(order):
        truth[k] = position
    return "\n".join(old), "\n".join(new), truth


def reversed_identical_runs(copies: int, *, seed: int = SLOW_SEED) -> tuple[str, str]:
    """Return *copies* copies of one demo paragraph followed by as many of
    another, and the two runs swapped, each paragraph edited alike: every
    paragraph's true partner is in the other half."""
    rnd = random.Random(seed)
    first, second = demo_paragraphs()[13], demo_paragraphs()[12]
    edited_first, edited_second = scatter(rnd, first), scatter(rnd, second)
    old = [first] * copies + [second] * copies
    new = [edited_second] * copies + [edited_first] * copies
    return "\n".join(old), "\n".join(new)
