"""Compare two drafts: align paragraphs, then diff inside changed ones.

The result loses nothing: each paragraph index of either side sits in
exactly one change, and the segments rebuild both texts.
"""

from .align import Link, align
from .inline import segments
from .paragraphs import fold_punct_width, split_paragraphs, visible_length
from .result import KINDS, Change, Comparison, Stats
from .scoring import PairDiffer
from .tags import change_tags

GRANULARITIES = ("char", "word")


def compare_texts(
    old: str, new: str, *, granularity: str = "char", ignore_punct_width: bool = False
) -> Comparison:
    """Return the paragraph changes turning *old* into *new*."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    old_paragraphs, new_paragraphs = split_paragraphs(old), split_paragraphs(new)
    key = fold_punct_width if ignore_punct_width else str
    differ = PairDiffer(
        [key(p) for p in old_paragraphs], [key(p) for p in new_paragraphs]
    )
    builder = _Builder(old_paragraphs, new_paragraphs, differ)
    builder.word, builder.fold = granularity == "word", ignore_punct_width
    changes = tuple(
        # Equal paragraphs, the bulk of any comparison, skip the builder.
        Change("equal", link.old, link.new, (("equal", new_paragraphs[link.new[0]]),))
        if link.kind == "equal" and len(link.old) == 1
        else builder.change(link)
        for link in _ordered(align(differ))
    )
    return Comparison(changes, _stats(changes, old_paragraphs, new_paragraphs))


def _ordered(links: list[Link]) -> list[Link]:
    """Sort by the new text; a deletion follows what preceded it in the old."""
    placed = sorted((link for link in links if link.new), key=lambda ln: ln.new[0])
    deleted = {link.old[0]: link for link in links if not link.new}
    ordered: list[Link] = []

    def follow(i: int) -> None:
        while i in deleted:
            ordered.append(deleted[i])
            i += 1

    follow(0)
    for link in placed:
        ordered.append(link)
        if link.old:
            follow(link.old[-1] + 1)
    return ordered


class _Builder:
    """Turn links into changes with segments and tags."""

    def __init__(self, old, new, differ: PairDiffer) -> None:
        self.old, self.new, self.differ = old, new, differ
        self.word = self.fold = False

    def change(self, link: Link) -> Change:
        if link.kind == "equal" and len(link.old) == len(link.new) == 1:
            # The bulk of any comparison: skip joins, diffs and tags.
            text = self.new[link.new[0]]
            return Change("equal", link.old, link.new, (("equal", text),))
        old_text = "\n".join(self.old[i] for i in link.old)
        new_text = "\n".join(self.new[j] for j in link.new)
        if link.kind == "inserted":
            return Change(link.kind, (), link.new, (("insert", new_text),))
        if link.kind == "deleted":
            return Change(link.kind, link.old, (), (("delete", old_text),))
        if self._same(link):
            parts: tuple = (("equal", new_text),)
        else:
            ops = self.differ.ops(link.old, link.new)
            parts = segments(old_text, new_text, ops, word=self.word)
        tags = link.tags + change_tags(old_text, new_text, fold=self.fold)
        return Change(link.kind, link.old, link.new, parts, tags)

    def _same(self, link: Link) -> bool:
        old_keys = [self.differ.old[i] for i in link.old]
        return old_keys == [self.differ.new[j] for j in link.new]


def _stats(changes, old_paragraphs, new_paragraphs) -> Stats:
    kinds = dict.fromkeys(KINDS, 0)
    inserted = deleted = 0
    for change in changes:
        kinds[change.kind] += 1
        if change.kind == "equal":
            continue  # equal segments count neither way
        for op, text in change.segments:
            if op == "insert":
                inserted += visible_length(text)
            elif op == "delete":
                deleted += visible_length(text)
    # Segments rebuild both sides and no white space is folded, so the new
    # side holds as many visible characters as the old one minus deletions
    # plus insertions: one scan of the old text instead of two.
    old_total = visible_length("".join(old_paragraphs))
    total = 2 * old_total - deleted + inserted
    similarity = 100 * (total - inserted - deleted) / total if total else 100.0
    return Stats(
        kinds,
        inserted,
        deleted,
        round(similarity, 2),
        len(old_paragraphs),
        len(new_paragraphs),
    )
