"""Three-way merge at paragraph level: carry the edits from *base* to *mine*
onto *theirs*. Paragraphs edited on both sides are merged with
diff-match-patch's fuzzy patching when both edits fit, and are conflicts
otherwise; nothing from either side is dropped silently.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

from .paragraphs import split_paragraphs


@dataclass(frozen=True)
class Conflict:
    base: tuple[str, ...]
    mine: tuple[str, ...]
    theirs: tuple[str, ...]


@dataclass(frozen=True)
class MergeResult:
    parts: tuple  # str paragraphs and Conflict items, in order

    @property
    def conflicts(self) -> list[Conflict]:
        return [part for part in self.parts if isinstance(part, Conflict)]

    def text(self, choices: dict[int, str] | None = None) -> str:
        """Return the merged text; conflict k takes choices[k] in
        {"mine", "theirs", "both"}. Raise KeyError for an unresolved one."""
        choices = choices or {}
        paragraphs, k = [], 0
        for part in self.parts:
            if isinstance(part, Conflict):
                paragraphs.extend(_choose(part, choices[k]))
                k += 1
            else:
                paragraphs.append(part)
        return "\n".join(paragraphs)


def merge_texts(base: str, mine: str, theirs: str) -> MergeResult:
    """Return the merge of the edits base→mine onto theirs."""
    b, m, t = (split_paragraphs(x) for x in (base, mine, theirs))
    to_mine, to_theirs = _matches(b, m), _matches(b, t)
    parts: list = []
    i = j = k = 0
    for anchor in sorted(set(to_mine) & set(to_theirs)):
        if to_mine[anchor] < j or to_theirs[anchor] < k:
            continue
        parts.extend(
            _resolve(b[i:anchor], m[j : to_mine[anchor]], t[k : to_theirs[anchor]])
        )
        parts.append(b[anchor])
        i, j, k = anchor + 1, to_mine[anchor] + 1, to_theirs[anchor] + 1
    parts.extend(_resolve(b[i:], m[j:], t[k:]))
    return MergeResult(tuple(parts))


def _matches(base: list[str], other: list[str]) -> dict[int, int]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return {
        block.a + n: block.b + n
        for block in matcher.get_matching_blocks()
        for n in range(block.size)
    }


def _resolve(base, mine, theirs) -> list:
    if mine == base:
        return list(theirs)
    if theirs == base or mine == theirs:
        return list(mine)
    if len(base) == len(mine) == len(theirs):
        return [
            _merge_paragraph(*triple) for triple in zip(base, mine, theirs, strict=True)
        ]
    return [Conflict(tuple(base), tuple(mine), tuple(theirs))]


def _merge_paragraph(base: str, mine: str, theirs: str):
    if mine == base:
        return theirs
    if theirs == base or mine == theirs:
        return mine
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never trade correctness for time
    dmp.Match_Threshold = 0.3  # fuzzy, but not so loose that edits land elsewhere
    merged, applied = dmp.patch_apply(dmp.patch_make(base, mine), theirs)
    if all(applied) and _keeps_their_edits(base, theirs, merged, dmp):
        return merged
    return Conflict((base,), (mine,), (theirs,))


def _keeps_their_edits(base, theirs, merged, dmp) -> bool:
    # A patch may apply yet overwrite what the other side inserted; check
    # that every insertion of theirs survives in the result.
    diffs = dmp.diff_main(base, theirs)
    return all(text in merged for op, text in diffs if op == dmp.DIFF_INSERT)


def _choose(conflict: Conflict, choice: str) -> tuple[str, ...]:
    if choice == "mine":
        return conflict.mine
    if choice == "theirs":
        return conflict.theirs
    if choice == "both":
        return conflict.theirs + conflict.mine
    raise KeyError(choice)
