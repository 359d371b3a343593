"""Comparisons for the pages: computed once per pair of revisions and options
(revisions never change, so a cached result never goes stale), then shaped
into rows and panels that templates draw without logic of their own."""

import time
import unicodedata
from collections import defaultdict
from functools import cached_property
from html import escape  # what django.utils.html.escape calls, without its wrapper

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from drafts.comparisons import (
    CACHE_SECONDS,
    Fetched,
    cache_key,
    comparison_for,
    fetch_comparison,
)
from drafts.diffing import Change, split_paragraphs
from drafts.diffing.compact import unrolled
from drafts.digests import PROOFREAD, SIZES, digest_for, digests_for
from drafts.figures import FigureChange, diff_figures
from drafts.finding_delta import Finding, finding_delta
from drafts.forms import revision_number_field
from drafts.labels import COSMETIC_TAGS, KIND_LABELS, TAG_LABELS
from drafts.proofing import ProofreadResult

CONTEXT = 1  # unchanged paragraphs kept in view on each side of a change
MIN_FOLD = 2  # folding a single paragraph away saves nothing

FIGURE_LABELS = {"changed": "改动", "added": "新增", "removed": "删去"}
MINUS = "\u2212"


class ComparePickForm(forms.Form):
    def __init__(self, *args, speech, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"] = revision_number_field("旧版本", speech)
        self.fields["b"] = revision_number_field("新版本", speech)


class CompareOptionsForm(forms.Form):
    """Display options from the query string; a bad value falls back quietly."""

    granularity = forms.ChoiceField(
        label="比较单位", choices=[("char", "逐字"), ("word", "逐词")], required=False
    )
    ignore_punct = forms.BooleanField(label="忽略全角半角差异", required=False)
    ignore_script = forms.BooleanField(label="忽略繁简差异", required=False)
    hide_cosmetic = forms.BooleanField(
        label="隐藏仅改序号、全角半角或繁简的段落", required=False
    )
    view = forms.ChoiceField(
        choices=[("side", "并排"), ("inline", "单栏")], required=False
    )

    def options(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "granularity": data.get("granularity") or "char",
            "ignore_punct": data.get("ignore_punct", False),
            "ignore_script": data.get("ignore_script", False),
            "hide_cosmetic": data.get("hide_cosmetic", False),
            "view": data.get("view") or "side",
        }


class IndicesField(forms.Field):
    """A list of change positions, from repeated checkboxes."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[int]:
        try:
            return {int(item) for item in value or ()}
        except (TypeError, ValueError):
            raise forms.ValidationError("所选修改无效。", code="bad_index") from None


class AcceptForm(CompareOptionsForm):
    """The reviewer's decisions: the positions of the accepted changes."""

    accept = IndicesField(required=False)


def change_size(revision) -> int | None:
    """Return the characters inserted and deleted against the base."""
    return digest_for(revision, only=SIZES).change_size


def timeline(revisions) -> list[dict]:
    """Return one row per revision with its change size and a bar scaled to
    the largest change on the page."""
    revisions = list(revisions)
    digests = digests_for(revisions, only=SIZES)
    rows = [
        {
            "revision": r,
            "size": digests[r.pk].change_size,
            "inserted": digests[r.pk].inserted_chars,
            "deleted": digests[r.pk].deleted_chars,
        }
        for r in revisions
    ]
    largest = max((row["size"] or 0 for row in rows), default=0)
    for row in rows:
        size = row["size"] or 0
        row["bar"] = max(2, round(100 * size / largest)) if size else 0
    return rows


CHART_HEIGHT = 60  # of each half: additions above the line, removals below
CHART_STEP = 14  # width given to one revision


def history_chart(rows: list[dict]) -> dict:
    """Return the geometry of the speech page's chart: per revision, oldest
    first, a bar up for the characters added and one down for those removed,
    scaled to the largest on the page, and its author's initial."""
    ordered = sorted(rows, key=lambda row: row["revision"].number)
    largest = max((max(row["inserted"], row["deleted"]) for row in ordered), default=0)
    scale = CHART_HEIGHT / largest if largest else 0
    bars = [
        {
            "x": k * CHART_STEP + 2,
            "up": round(row["inserted"] * scale, 1),
            "down": round(row["deleted"] * scale, 1),
            "number": row["revision"].number,
            "inserted": row["inserted"],
            "deleted": row["deleted"],
            "author": _person(row["revision"].author),
        }
        for k, row in enumerate(ordered)
    ]
    for bar in bars:
        bar["up_y"] = CHART_HEIGHT - bar["up"]
        bar["initial"] = bar["author"][:1]
    return {
        "bars": bars,
        "width": len(bars) * CHART_STEP + 4,
        "middle": CHART_HEIGHT,
        "height": 2 * CHART_HEIGHT + 16,
        "label_y": 2 * CHART_HEIGHT + 12,
    }


def _person(user) -> str:
    return user.get_full_name() or user.username


def revision_links(revision, final) -> list[dict]:
    """Return the comparisons a revision page offers: base, previous, final."""
    links = []
    parent = revision.parent
    previous = revision.number - 1
    if parent is not None:
        label = "与基准版本" if parent.number != previous else "与基准（上一版）"
        links.append({"label": label, "a": parent.number, "b": revision.number})
    if previous >= 1 and (parent is None or parent.number != previous):
        links.append({"label": "与上一版", "a": previous, "b": revision.number})
    if final is not None and final.pk != revision.pk:
        links.append({"label": "与定稿", "a": revision.number, "b": final.number})
    return links


def speaking_seconds(char_count: int) -> int:
    """Return the estimated speaking time of *char_count* characters."""
    return round(char_count * 60 / settings.DRAFTS_CHARS_PER_MINUTE)


def format_duration(seconds: int) -> str:
    """Return "12分05秒" for 725 seconds; the sign is the caller's business."""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"


def signed(value: int, text: str) -> str:
    """Return *text* prefixed with the sign of *value*."""
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    return f"{sign}{text}"


def engine_options(chosen: dict) -> dict:
    """Return the diff engine's options for the page's chosen ones."""
    return {
        "granularity": chosen["granularity"],
        "ignore_punct_width": chosen["ignore_punct"],
        "ignore_script": chosen["ignore_script"],
    }


class ComparePage:
    """The compare page's comparison of *old* → *new*, shaped once and cached
    with the comparison: the changes and the few unchanged paragraphs beside
    them, never the folded ones.

    Read from the cache only when a part of the page asks for it: a page
    whose drawn parts are kept (templates/drafts/compare.html) needs just
    the number of changes, kept apart, and not megabytes of shaped rows."""

    def __init__(self, old, new, **options) -> None:
        self.old, self.new, self.options = old, new, options
        self.key = "drafts:page:" + cache_key(old, new, **options)
        self.fetched = Fetched(None, "cache", 0.0)

    @cached_property
    def shaped(self) -> dict:
        started = time.perf_counter()
        shaped, source, comparison = cache.get(self.key), "cache", None
        if shaped is None:
            fetched = fetch_comparison(self.old, self.new, **self.options)
            comparison, source = fetched.comparison, fetched.source
            shaped = _shaped(self.old, self.new, comparison)
            counted = {self.key: shaped, self._count_key: len(shaped["changes"])}
            cache.set_many(counted, CACHE_SECONDS)  # one round trip
        ms = (time.perf_counter() - started) * 1000
        # The comparison itself only when fetched now: findings then need
        # not read it back from the cache.
        self.fetched = Fetched(comparison, source, ms)
        return shaped

    @property
    def blocks(self) -> list[dict]:
        return self.shaped["blocks"]

    @property
    def changes(self) -> list[dict]:
        return self.shaped["changes"]

    @property
    def figures(self) -> list[dict]:
        return self.shaped["figures"]

    @cached_property
    def summary(self) -> dict:
        return summary(self.shaped["stats"], self.old, self.new, self.changes)

    @cached_property
    def findings(self) -> dict:
        comparison = self.fetched.comparison
        return findings_context(
            self.old, self.new, comparison=comparison, **self.options
        )

    @cached_property
    def change_count(self) -> int:
        count = cache.get(self._count_key)
        return len(self.changes) if count is None else count

    @property
    def _count_key(self) -> str:
        return self.key + ":count"


def compare_context(
    old, new, *, granularity: str, ignore_punct_width: bool, ignore_script=False
) -> dict:
    """Return everything the compare page draws for *old* → *new*, read or
    shaped now (ComparePage)."""
    page = ComparePage(
        old,
        new,
        granularity=granularity,
        ignore_punct_width=ignore_punct_width,
        ignore_script=ignore_script,
    )
    return {**page.shaped, "summary": page.summary, "fetched": page.fetched}


def _shaped(old, new, comparison: dict) -> dict:
    changes = unrolled(comparison)
    rows = _rows(changes)
    blocks = _fold(_with_move_origins(rows))
    _show_text(blocks, split_paragraphs(new.text))
    return {
        "blocks": blocks,
        "changes": [row for row in rows if row["kind"] != "equal"],
        "stats": comparison["stats"],
        "figures": figure_rows(changes),
    }


def _show_text(blocks: list[dict], paragraphs: list[str]) -> None:
    """Give the unchanged paragraphs left in view their text."""
    for block in blocks:
        if block["kind"] == "equal":
            block["text"] = paragraphs[block["new_no"] - 1]


def unchanged_rows(old, new, first: int, last: int, **options) -> list[dict]:
    """Return the unchanged paragraphs numbered *first*..*last* in *new*, as
    rows with their numbers in both texts; what a fold shows when opened."""
    changes = unrolled(comparison_for(old, new, **options))
    paragraphs = split_paragraphs(new.text)
    rows = [
        _equal_row(change)
        for change in changes
        if change["kind"] == "equal" and first <= change["new"][0] + 1 <= last
    ]
    for row in rows:
        row["text"] = paragraphs[row["new_no"] - 1]
    return rows


def can_accept(user, old, new, speech) -> bool:
    """Return whether *user* may accept single changes of *old* → *new*; the
    result is a new revision, so it takes the right to add one as well."""
    return (
        old.number < new.number
        and speech.latest_revision_id == new.pk
        and user.has_perms(["drafts.review_revision", "drafts.add_revision"])
    )


def revision_comparisons(revision) -> list[dict]:
    """Return the comparisons the admin shows: with the base revision and
    with the final text when that differs."""
    pairs = []
    parent, final = revision.parent, revision.speech.final_revision
    if parent is not None:
        pairs.append(("base-", f"与基准版本（第{parent.number}版）比较", parent))
    if final is not None and final.text_sha256 != revision.text_sha256:
        pairs.append(("final-", f"与定稿（第{final.number}版）比较", final))
    return [_embedded(*pair, revision) for pair in pairs]


def _embedded(prefix: str, title: str, other, revision) -> dict:
    """A comparison inside the admin's revision page, which runs no script:
    its folds carry their paragraphs, to open in a <details>."""
    old, new = sorted((other, revision), key=lambda r: r.number)
    options = {"granularity": "char", "ignore_punct_width": False}
    context = compare_context(old, new, **options)
    context["blocks"] = [
        {**block, "rows": unchanged_rows(old, new, block["first"], block["last"])}
        if block["kind"] == "fold"
        else block
        for block in context["blocks"]
    ]
    return {"prefix": prefix, "title": title, "old": old, "new": new, **context}


# Proofreading findings gained and lost ----------------------------------


def findings_context(old, new, *, comparison=None, **options) -> dict:
    """Return the findings *new* introduced and fixed, cached with the
    comparison (same *options* as comparison_for, or *comparison* itself
    when the caller holds it) they were matched through."""
    key = "drafts:findings:" + cache_key(old, new, **options)
    shaped = cache.get(key)
    if shaped is None:
        changes = unrolled(comparison or comparison_for(old, new, **options))
        shaped = _findings(old, new, changes)
        cache.set(key, shaped, CACHE_SECONDS)
    return shaped


def _findings(old, new, changes: list[dict]) -> dict:
    digests = digests_for([old, new], only=PROOFREAD)
    delta = finding_delta(
        old.text,
        new.text,
        old_issues=_issues(digests[old.pk]),
        new_issues=_issues(digests[new.pk]),
        changes=tuple(_as_change(change) for change in changes),
    )
    old_anchors, new_anchors = _anchors(changes)
    return {
        "introduced": [_finding_row(f, new, new_anchors, "") for f in delta.introduced],
        "fixed": [_finding_row(f, old, old_anchors, "原") for f in delta.fixed],
    }


def _issues(digest) -> tuple:
    return ProofreadResult.from_dict(digest.proofread).issues


def _as_change(change: dict) -> Change:
    return Change(
        change["kind"],
        tuple(change["old"]),
        tuple(change["new"]),
        tuple(tuple(segment) for segment in change["segments"]),
        tuple(change["tags"]),
    )


def _anchors(changes: list[dict]) -> tuple[dict, dict]:
    """Return, per old and per new paragraph, the change row that shows it."""
    old, new = {}, {}
    for number, change in enumerate(_changed(changes), start=1):
        old.update(dict.fromkeys(change["old"], f"#c-{number}"))
        new.update(dict.fromkeys(change["new"], f"#c-{number}"))
    return old, new


def _finding_row(finding: Finding, revision, anchors: dict, side: str) -> dict:
    issue = finding.issue
    href = anchors.get(issue.paragraph)
    if href is None:
        href = f"{revision.get_absolute_url()}#p{issue.paragraph + 1}"
    return {
        "code": issue.code,
        "message": issue.message,
        "flagged": finding.flagged,
        "suggestion": issue.suggestion or "",
        "where": f"{side}第{issue.paragraph + 1}段",
        "href": href,
    }


def summary(stats: dict, old, new, changes=()) -> dict:
    """Return the figures of the summary line: kinds, characters, time, and
    how many of the changes are cosmetic only (per tag)."""
    kinds = stats["kinds"]
    length = new.char_count - old.char_count
    old_time, new_time = (
        speaking_seconds(old.char_count),
        speaking_seconds(new.char_count),
    )
    changed = sum(n for kind, n in kinds.items() if kind != "equal")
    return {
        "kinds": [
            {"kind": kind, "label": label, "count": kinds.get(kind, 0)}
            for kind, label in KIND_LABELS.items()
        ],
        "changed": changed,
        "cosmetic": cosmetic_counts(changes),
        "unchanged": kinds.get("equal", 0),
        "inserted": stats["inserted_chars"],
        "deleted": stats["deleted_chars"],
        "similarity": similarity_label(stats["similarity"], changed=bool(changed)),
        "old_chars": old.char_count,
        "new_chars": new.char_count,
        "length_delta": signed(length, f"{abs(length)} 字"),
        "old_time": format_duration(old_time),
        "new_time": format_duration(new_time),
        "time_delta": signed(new_time - old_time, format_duration(new_time - old_time)),
    }


def cosmetic_counts(changes) -> list[dict]:
    """Return, per tag with changes, its label and how many changes have it."""
    counts = {tag: 0 for tag in TAG_LABELS if tag in COSMETIC_TAGS}
    for change in changes:
        for tag in change["tags"]:
            if tag in counts:
                counts[tag] += 1
    return [
        {"tag": tag, "label": TAG_LABELS[tag], "count": n}
        for tag, n in counts.items()
        if n
    ]


def similarity_label(similarity: float, *, changed: bool) -> str:
    """Return the similarity as shown: "100%" only for texts that do not
    differ; a changed figure in a long text reads "99.97%", not "100.0%"."""
    if not changed:
        return "100%"
    if similarity >= 99.95:
        return f"{min(similarity, 99.99):.2f}%"
    return f"{similarity:.1f}%"


def figure_rows(changes: list[dict]) -> list[dict]:
    """Return every figure that differs, with its sentence and its change."""
    rows = []
    for number, change in enumerate(_changed(changes), start=1):
        old_text = "".join(t for op, t in change["segments"] if op != "insert")
        new_text = "".join(t for op, t in change["segments"] if op != "delete")
        where = _where(change["old"], change["new"])
        for figure in diff_figures(old_text, new_text):
            rows.append(_figure_row(figure, f"c-{number}", where))
    return rows


def _changed(changes: list[dict]) -> list[dict]:
    return [change for change in changes if change["kind"] != "equal"]


def _figure_row(change: FigureChange, anchor: str, where: str) -> dict:
    shown = change.new or change.old
    sentence = change.new_sentence if change.new else change.old_sentence
    before, found, after = sentence.partition(shown.text)
    return {
        "kind": change.kind,
        "label": FIGURE_LABELS[change.kind],
        "old": change.old.text if change.old else "",
        "new": change.new.text if change.new else "",
        "before": before,
        "figure": found,
        "after": after if found else "",
        "anchor": anchor,
        "where": where,
    }


def _rows(changes: list[dict]) -> list[dict]:
    rows, number = [], 0
    for index, change in enumerate(changes):
        if change["kind"] == "equal":
            rows.append(_equal_row(change))
        else:
            number += 1
            rows.append(_change_row(change, number, index))
    return rows


def _equal_row(change: dict) -> dict:
    return {
        "kind": "equal",
        "old_index": tuple(change["old"]),
        "old_no": change["old"][0] + 1,
        "new_no": change["new"][0] + 1,
    }


def _change_row(change: dict, number: int, index: int) -> dict:
    kind, old, new = change["kind"], change["old"], change["new"]
    segments = change["segments"]
    unified = _side(segments, "insert") if kind == "deleted" else _unified(segments)
    return {
        "kind": kind,
        "id": f"c-{number}",
        "number": number,
        "index": index,  # position among all changes: what accepting names
        "label": KIND_LABELS[kind],
        "tags": change["tags"],
        "cosmetic": any(tag in COSMETIC_TAGS for tag in change["tags"]),
        "tag_labels": [TAG_LABELS.get(tag, tag) for tag in change["tags"]],
        "where": _where(old, new),
        "old_index": tuple(old),
        "old": _numbered(old, _side(segments, "insert")),
        "new": _numbered(new, _side(segments, "delete")),
        "uni": _numbered(old if kind == "deleted" else new, unified),
        "from_id": f"m-{number}" if _is_moved(change) else "",
        "from_no": old[0] + 1 if old else None,
        "from_span": _span(old) if old else "",
    }


def _where(old: list[int], new: list[int]) -> str:
    if not old:
        return f"第{_span(new)}段"
    if not new:
        return f"原第{_span(old)}段"
    if list(old) == list(new):
        return f"第{_span(new)}段"
    return f"原第{_span(old)}段 → 第{_span(new)}段"


def _span(indices: list[int]) -> str:
    first, last = indices[0] + 1, indices[-1] + 1
    return str(first) if first == last else f"{first}–{last}"


def _numbered(indices: list[int], paragraphs: list[list]) -> list[tuple]:
    drawn = map(_drawn, paragraphs)
    return list(zip((i + 1 for i in indices), drawn, strict=False))


def _drawn(pieces: list[tuple[str, str, str]]) -> SafeString:
    """Return one paragraph's pieces as HTML, every text escaped.

    Drawn once and kept with the shaped comparison: a template run per
    piece cost most of a heavily edited page's time."""
    html = []
    for op, text, mark in pieces:
        if op == "equal":
            html.append(escape(text))
            continue
        tag = "ins" if op == "insert" else "del"
        # *mark* is one of emphasis()'s fixed class names, never user text.
        classes = f' class="{mark}"' if mark else ""
        html.append(f"<{tag}{classes}>{escape(text)}</{tag}>")
    return mark_safe("".join(html))


def _side(segments: list, skip: str) -> list[list[tuple[str, str, str]]]:
    """Return one side's paragraphs, each a list of (op, text, emphasis)
    pieces."""
    paragraphs: list[list[tuple[str, str, str]]] = [[]]
    for op, text in segments:
        if op != skip:
            _append(paragraphs, op, text)
    return paragraphs


def _unified(segments: list) -> list[list[tuple[str, str, str]]]:
    """Return the new text's paragraphs with deletions in place; a deleted
    paragraph break shows as a pilcrow inside the deletion."""
    paragraphs: list[list[tuple[str, str, str]]] = [[]]
    for op, text in segments:
        if op == "delete":
            shown = text.replace("\n", "¶")
            paragraphs[-1].append((op, shown, emphasis(op, shown)))
        else:
            _append(paragraphs, op, text)
    return paragraphs


def _append(paragraphs: list[list], op: str, text: str) -> None:
    first, *rest = text.split("\n")
    if first:
        paragraphs[-1].append((op, first, emphasis(op, first)))
    for piece in rest:
        paragraphs.append([(op, piece, emphasis(op, piece))] if piece else [])


def emphasis(op: str, text: str) -> str:
    """Return the classes that make a small change seen at a glance: "mini"
    for one or two characters, "punct" when they are all punctuation (a
    struck-through "，" reads as a dash, a deleted "!" is a sliver)."""
    if op == "equal" or len(text) > 2:
        return ""
    if all(unicodedata.category(ch)[0] in "PSZ" for ch in text):
        return "mini punct"
    return "mini"


def _is_moved(change: dict) -> bool:
    # A split or merge that happened elsewhere carries the "moved" tag.
    return change["kind"] == "moved" or "moved" in change["tags"]


def _with_move_origins(rows: list[dict]) -> list[dict]:
    """Add a marker where each moved paragraph used to stand in the old text."""
    moved = [row for row in rows if row.get("from_id")]
    if not moved:
        return rows
    holder = {}
    for position, row in enumerate(rows):
        if not row.get("from_id"):
            holder.update(dict.fromkeys(row["old_index"], position))
    markers = defaultdict(list)
    for row in sorted(moved, key=lambda r: r["old_index"]):
        before = range(row["old_index"][0] - 1, -1, -1)
        position = next((holder[i] for i in before if i in holder), -1)
        markers[position].append(_origin(row))
    shaped = list(markers[-1])
    for position, row in enumerate(rows):
        shaped.append(row)
        shaped.extend(markers.get(position, ()))
    _point_move_links(shaped)
    return shaped


def _point_move_links(blocks: list[dict]) -> None:
    """Give each link between a moved paragraph and where it left the arrow
    of the way it goes on the page: ↑ to something above, ↓ below."""
    at = {block["id"]: k for k, block in enumerate(blocks) if "id" in block}
    for k, block in enumerate(blocks):
        if block.get("from_id"):
            block["from_arrow"] = "↓" if at[block["from_id"]] > k else "↑"
        elif block["kind"] == "moved-from":
            block["arrow"] = "↓" if at[block["target"]] > k else "↑"


def _origin(row: dict) -> dict:
    return {
        "kind": "moved-from",
        "id": row["from_id"],
        "target": row["id"],
        "old_no": row["from_no"],
        "old_span": row["from_span"],
        "new_no": row["uni"][0][0] if row["uni"] else None,
    }


def _fold(rows: list[dict]) -> list[dict]:
    """Fold runs of unchanged paragraphs, keeping CONTEXT beside each change."""
    blocks: list[dict] = []
    run: list[dict] = []
    seen_change = False
    for row in rows:
        if row["kind"] == "equal":
            run.append(row)
            continue
        blocks.extend(_folded(run, after_change=seen_change, before_change=True))
        blocks.append(row)
        run, seen_change = [], True
    blocks.extend(_folded(run, after_change=seen_change, before_change=False))
    folds = (block for block in blocks if block["kind"] == "fold")
    for number, block in enumerate(folds, start=1):
        block["id"] = f"f-{number}"
    return blocks


def _folded(run: list[dict], *, after_change: bool, before_change: bool) -> list:
    head = CONTEXT if after_change else 0
    tail = CONTEXT if before_change else 0
    hidden = run[head : max(head, len(run) - tail)]
    if len(hidden) < MIN_FOLD:
        return run
    fold = {
        "kind": "fold",
        "count": len(hidden),
        "first": hidden[0]["new_no"],
        "last": hidden[-1]["new_no"],
    }
    return [*run[:head], fold, *run[head + len(hidden) :]]
