"""The merge preview for the pages: the form that carries an upload refused
as stale, and the merge result shaped into rows a template draws as is."""

import re

from django import forms
from django.core.validators import MaxValueValidator

from drafts.diffing import split_paragraphs
from drafts.diffing.merge import Conflict

CHOICE_LABELS = {
    "mine": "保留我的",
    "theirs": "保留最新",
    "both": "两者都保留（最新的在前）",
}
_CHOICE_NAME = re.compile(r"choice-(\d{1,4})")


class MergeForm(forms.Form):
    """An upload to merge onto the latest revision, and the user's choices.

    *latest* is the revision the preview was made against: choices name
    conflicts by position, so they only hold for that revision.
    """

    text = forms.CharField(strip=False, widget=forms.Textarea(attrs={"hidden": True}))
    base = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"hidden": True})
    )
    latest = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, speech, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].validators.append(MaxValueValidator(speech.revision_count))

    def choices(self) -> dict[int, str]:
        """Return the chosen side per conflict position; unknown values drop."""
        picked = {}
        for name, value in self.data.items():
            match = _CHOICE_NAME.fullmatch(name)
            if match and value in CHOICE_LABELS:
                picked[int(match[1])] = value
        return picked


def preview(result, latest_text: str, choices: dict[int, str]) -> dict:
    """Return what the preview page draws of a merge result."""
    rows = preview_rows(result, latest_text, choices)
    settled = (row["paragraphs"] for row in rows if row["kind"] == "clean")
    return {
        "rows": rows,
        "conflicts": _conflicts(rows),
        "mine_count": sum(is_mine for run in settled for _, is_mine in run),
    }


def preview_rows(result, latest_text: str, choices: dict[int, str]) -> list[dict]:
    """Return the merge as rows: runs of settled paragraphs, each marked when
    it is not the latest revision's text, and the conflicts to decide."""
    theirs = set(split_paragraphs(latest_text))
    rows: list[dict] = []
    for part in result.parts:
        if isinstance(part, Conflict):
            rows.append(_conflict_row(part, len(_conflicts(rows)), choices))
        elif rows and rows[-1]["kind"] == "clean":
            rows[-1]["paragraphs"].append((part, part not in theirs))
        else:
            rows.append({"kind": "clean", "paragraphs": [(part, part not in theirs)]})
    return rows


def _conflicts(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["kind"] == "conflict"]


def _conflict_row(conflict: Conflict, index: int, choices: dict) -> dict:
    return {
        "kind": "conflict",
        "index": index,
        "number": index + 1,
        "name": f"choice-{index}",
        "base": conflict.base,
        "mine": conflict.mine,
        "theirs": conflict.theirs,
        "options": [
            (value, label, choices.get(index) == value)
            for value, label in CHOICE_LABELS.items()
        ],
    }
