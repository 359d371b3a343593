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
