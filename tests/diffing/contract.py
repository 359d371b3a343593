"""Shared assertions: a comparison loses nothing and invents nothing."""

import json

from drafts.diffing import KINDS, fold_punct_width, fold_script, split_paragraphs

OPS = {"equal", "insert", "delete"}
TAGS = {"width", "script", "renumbering", "moved"}


def assert_contract(old, new, result, *, fold=False, script=False):
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"changes", "stats"}
    old_paragraphs, new_paragraphs = split_paragraphs(old), split_paragraphs(new)
    changes = data["changes"]
    old_seen = sorted(i for change in changes for i in change["old"])
    assert old_seen == list(range(len(old_paragraphs)))
    new_order = [j for change in changes for j in change["new"]]
    assert new_order == list(range(len(new_paragraphs)))
    for position, change in enumerate(changes):
        _assert_change_shape(change)
        _assert_rebuilds(change, old_paragraphs, new_paragraphs, fold, script)
        _assert_deletion_place(changes, position)
    assert data["stats"]["old_paragraphs"] == len(old_paragraphs)
    assert sum(data["stats"]["kinds"].values()) == len(changes)
    assert 0 <= data["stats"]["similarity"] <= 100


def _assert_change_shape(change):
    assert change["kind"] in KINDS
    assert set(change["tags"]) <= TAGS
    for op, text in change["segments"]:
        assert op in OPS and text
    old, new = change["old"], change["new"]
    shape = {
        "equal": len(old) == len(new) == 1,
        "modified": len(old) == len(new) == 1,
        "moved": len(old) == len(new) == 1,
        "inserted": not old and len(new) == 1,
        "deleted": len(old) == 1 and not new,
        "split": len(old) == 1 and len(new) >= 2,
        "merged": len(old) >= 2 and len(new) == 1,
    }
    assert shape[change["kind"]], change
    for side in (old, new):
        assert side == list(range(side[0], side[0] + len(side))) if side else True
    if change["kind"] == "equal":
        assert [op for op, _ in change["segments"]] == ["equal"]


def _assert_rebuilds(change, old_paragraphs, new_paragraphs, fold, script):
    def norm(text):
        text = fold_punct_width(text) if fold else text
        return fold_script(text) if script else text

    segments = change["segments"]
    old_text = "".join(t for op, t in segments if op in ("equal", "delete"))
    new_text = "".join(t for op, t in segments if op in ("equal", "insert"))
    assert norm(old_text) == norm("\n".join(old_paragraphs[i] for i in change["old"]))
    assert new_text == "\n".join(new_paragraphs[j] for j in change["new"])


def _assert_deletion_place(changes, position):
    change = changes[position]
    if change["kind"] != "deleted":
        return
    removed = change["old"][0]
    if removed == 0:
        assert all(c["kind"] == "deleted" for c in changes[:position])
    else:
        assert removed - 1 in changes[position - 1]["old"]


def kinds(result):
    return [(c.kind, c.old, c.new) for c in result.changes if c.kind != "equal"]
