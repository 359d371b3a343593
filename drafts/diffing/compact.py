"""A comparison's JSON form without the unchanged text, and back: what is
kept of a comparison grows with the changes, not with the text. A run of
unchanged paragraphs becomes one entry {"kind": "equal", "old": [i],
"new": [j], "run": n, "segments": []}; each reads as in the newer text."""

from .paragraphs import split_paragraphs


def compact(result: dict) -> dict:
    """Return the to_dict() form *result* with runs of unchanged paragraphs
    folded into one entry each, without their text."""
    changes: list[dict] = []
    for change in result["changes"]:
        if change["kind"] != "equal":
            changes.append(change)
        elif _continues(changes, change):
            changes[-1]["run"] += 1
        else:
            changes.append({**change, "segments": [], "run": 1})
    return {**result, "changes": changes}


def unrolled(compacted: dict) -> list[dict]:
    """Return one change per paragraph, unchanged ones still without text."""
    changes = []
    for change in compacted["changes"]:
        if change["kind"] != "equal":
            changes.append(change)
            continue
        old, new = change["old"][0], change["new"][0]
        changes.extend(
            {**change, "old": [old + k], "new": [new + k], "run": 1}
            for k in range(change["run"])
        )
    return changes


def expand(compacted: dict, new_text: str) -> dict:
    """Return the to_dict() form that *compacted* was made from."""
    paragraphs = split_paragraphs(new_text)
    changes = [
        _with_text(change, paragraphs) if change["kind"] == "equal" else change
        for change in unrolled(compacted)
    ]
    return {**compacted, "changes": changes}


def _continues(changes: list[dict], change: dict) -> bool:
    if not changes or changes[-1]["kind"] != "equal":
        return False
    last = changes[-1]
    return (
        change["old"][0] == last["old"][0] + last["run"]
        and change["new"][0] == last["new"][0] + last["run"]
        and change["tags"] == last["tags"]
    )


def _with_text(change: dict, paragraphs: list[str]) -> dict:
    shown = {key: value for key, value in change.items() if key != "run"}
    return {**shown, "segments": [["equal", paragraphs[change["new"][0]]]]}
