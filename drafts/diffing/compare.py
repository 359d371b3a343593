"""Compare two drafts: align paragraphs, then diff inside changed ones.

The result loses nothing: each paragraph index of either side sits in
exactly one change, and the segments rebuild both texts.
"""

from collections import Counter
from operator import itemgetter
from typing import NamedTuple

from .align import Link, align
from .inline import segments
from .paragraphs import (
    fold_punct_width,
    fold_script_all,
    fold_script_keys,
    fold_width_keys,
    split_paragraphs,
    visible_length,
)
from .result import KINDS, Change, Comparison, Stats
from .scoring import PairDiffer
from .tags import change_tags

GRANULARITIES = ("char", "word")


def compare_texts(
    old: str,
    new: str,
    *,
    granularity: str = "char",
    ignore_punct_width: bool = False,
    ignore_script: bool = False,
) -> Comparison:
    """Return the paragraph changes turning *old* into *new*.

    *ignore_punct_width* treats full-width and half-width forms (and the
    other width variants of paragraphs.fold_punct_width) as equal,
    *ignore_script* traditional and simplified characters.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    old_paragraphs, new_paragraphs = split_paragraphs(old), split_paragraphs(new)
    folds = _Folds(ignore_punct_width, ignore_script)
    old_side, new_side = folds.sides(old_paragraphs, new_paragraphs)
    differ = PairDiffer(old_side.keys, new_side.keys)
    builder = _Builder(old_side, new_side, differ)
    builder.word, builder.folds = granularity == "word", folds
    changes = builder.changes(_ordered(align(differ)))
    return Comparison(changes, _stats(changes, old_paragraphs, new_paragraphs))


class _Side(NamedTuple):
    texts: list[str]
    shown: list[str]  # the texts with the ignored variants folded
    keys: list[str]  # what paragraphs pair by
    folded: frozenset[int]  # where the key folds variants the shown text keeps


class _Folds:
    """The variants a comparison ignores, and the keys paragraphs pair by.

    A paragraph is shown against its partner with the ignored variants
    folded. Pairing sees through width and script as well: a paragraph
    converted to traditional characters or to full-width digits still pairs
    with its original, then shows as modified and tagged. A paragraph found
    as often in one text as in the other pairs with its copies and keeps its
    own text as key: the variants are looked up in the changed ones only.
    """

    def __init__(self, width: bool, script: bool) -> None:
        self.width, self.script = width, script

    def sides(self, old: list[str], new: list[str]) -> tuple[_Side, _Side]:
        old_counts, new_counts = Counter(old), Counter(new)
        kept = {p for p, n in old_counts.items() if new_counts.get(p) == n}
        return self._side(old, kept), self._side(new, kept)

    def _side(self, texts: list[str], kept: set[str]) -> _Side:
        shown = [fold_punct_width(p) for p in texts] if self.width else texts
        if self.script:
            shown = fold_script_all(shown)
        changed = [i for i, p in enumerate(texts) if p not in kept]
        keys, pairing = list(shown), [shown[i] for i in changed]
        if not self.script:
            pairing = fold_script_keys(pairing)
        if not self.width:
            pairing = fold_width_keys(pairing)
        for i, key in zip(changed, pairing, strict=True):
            keys[i] = key
        # The folds return an unchanged paragraph itself.
        folded = frozenset(i for i in changed if keys[i] is not shown[i])
        return _Side(texts, shown, keys, folded)


_NEW = itemgetter(2)  # Link.new


def _ordered(links: list[Link]) -> list[Link]:
    """Sort by the new text; a deletion follows what preceded it in the old."""
    # Each new index lies in one link, so links compare by their first: the
    # tuples of new indices sort as those do, without a key call each.
    placed = sorted([link for link in links if link.new], key=_NEW)
    deleted = {link.old[0]: link for link in links if not link.new}
    if not deleted:
        return placed
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

    def __init__(self, old: _Side, new: _Side, differ: PairDiffer) -> None:
        self.old, self.new, self.differ = old, new, differ
        self.word = False
        self.folds = _Folds(False, False)

    def changes(self, links: list[Link]) -> tuple[Change, ...]:
        # An equal link whose key folds nothing is one paragraph shown as it
        # is: the bulk of any comparison, built here without a call each.
        texts, old_folded, new_folded = self.new.texts, self.old.folded, self.new.folded
        return tuple(
            [
                Change("equal", link.old, link.new, (("equal", texts[link.new[0]]),))
                if link.kind == "equal"
                and len(link.old) == len(link.new) == 1
                and link.old[0] not in old_folded
                and link.new[0] not in new_folded
                else self.change(link)
                for link in links
            ]
        )

    def change(self, link: Link) -> Change:
        folded = self._folded(link)
        old_text = "\n".join(self.old.texts[i] for i in link.old)
        new_text = "\n".join(self.new.texts[j] for j in link.new)
        if link.kind == "inserted":
            return Change(link.kind, (), link.new, (("insert", new_text),))
        if link.kind == "deleted":
            return Change(link.kind, link.old, (), (("delete", old_text),))
        old_shown = "\n".join(self.old.shown[i] for i in link.old)
        new_shown = "\n".join(self.new.shown[j] for j in link.new)
        if old_shown == new_shown:
            return Change(link.kind, link.old, link.new, (("equal", new_text),))
        if self._same(link):
            # Paired by equal keys: the texts differ in folded variants only.
            ops = [("=", len(old_text))]
        else:
            ops = self.differ.ops(link.old, link.new)
        shown = (old_shown, new_shown) if folded else None
        parts = segments(old_text, new_text, ops, word=self.word, shown=shown)
        tags = link.tags
        # Paragraphs are joined by line breaks, which no fold or renumbering
        # touches: a split or merge is never a cosmetic change alone.
        if len(link.old) == len(link.new):
            tags += change_tags(
                old_text, new_text, fold=self.folds.width, script=self.folds.script
            )
        kind = "modified" if link.kind == "equal" else link.kind
        return Change(kind, link.old, link.new, parts, tags)

    def _same(self, link: Link) -> bool:
        old_keys = [self.differ.old[i] for i in link.old]
        return old_keys == [self.differ.new[j] for j in link.new]

    def _folded(self, link: Link) -> bool:
        old, new = self.old.folded, self.new.folded
        return bool(old and not old.isdisjoint(link.old)) or bool(
            new and not new.isdisjoint(link.new)
        )


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
