"""A kept comparison holds the changes, not the unchanged text, and loses
nothing: expanding it gives back what compare_texts gave."""

from hypothesis import given

from drafts.diffing import compare_texts
from drafts.diffing.compact import compact, expand
from tests.builders import demo_text
from tests.diffing.test_properties import FAST, edited_drafts


@FAST
@given(edited_drafts())
def test_expand_gives_back_what_compact_left_out(drafts):
    old, new = drafts
    for granularity in ("char", "word"):
        for fold in (False, True):
            full = compare_texts(
                old, new, granularity=granularity, ignore_punct_width=fold
            ).to_dict()
            assert expand(compact(full), new) == full


def test_compact_holds_no_unchanged_text():
    text = demo_text()
    edited = text.replace("组织工作", "组织建设", 1)
    full = compare_texts(text, edited).to_dict()
    kept = compact(full)
    unchanged = [c for c in kept["changes"] if c["kind"] == "equal"]
    assert [c["run"] for c in unchanged] == [2, 18]
    assert all(c["segments"] == [] for c in unchanged)
    assert len(str(kept)) < len(str(full)) / 10
