"""Comparisons as .docx files with tracked changes, read back: accepting every
change gives the newer text, rejecting every change the older one."""

import io
import itertools
from datetime import UTC, datetime

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.demo.chain import organization_chain, safety_chain
from drafts.diffing import compare_texts, split_paragraphs
from drafts.exporting import DocumentInfo, comparison_docx
from tests.diffing.test_properties import edit, paragraphs, render
from tests.exporting.reader import NS, W, document_xml, mark, resolved

WHEN = datetime(2026, 3, 2, 9, 30)
INFO = DocumentInfo(
    title="在全市组织工作会议上的讲话",
    author="李执笔",
    created_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
)
REVISION_TAGS = ("ins", "del", "moveFrom", "moveTo")


def tracked(old: str, new: str, **options) -> bytes:
    comparison = compare_texts(old, new, **options).to_dict()
    return comparison_docx(comparison, author="李执笔", date=WHEN, info=INFO)


def assert_round_trip(old: str, new: str, data: bytes) -> None:
    assert resolved(data, accept=True) == split_paragraphs(new)
    assert resolved(data, accept=False) == split_paragraphs(old)


def _revisions(root, *names):
    """Return the revision elements *names* under *root*, paragraph marks
    left out."""
    names = names or REVISION_TAGS
    return [
        e
        for e in root.iter()
        if etree_name(e) in names and etree_name(e.getparent().getparent()) != "pPr"
    ]


def etree_name(element) -> str:
    tag = element.tag
    return tag.split("}")[1] if isinstance(tag, str) and "}" in tag else ""


def _paragraphs(root):
    return root.findall(f"{{{W}}}body/{{{W}}}p")


def _text(paragraph) -> str:
    return "".join(
        node.text or "" for node in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText")
    )


@pytest.mark.parametrize("chain", [organization_chain, safety_chain])
def test_every_pair_of_demo_revisions_round_trips_both_ways(chain):
    texts = [revision.text for revision in chain()]
    for old, new in itertools.permutations(texts, 2):
        data = tracked(old, new)
        assert_round_trip(old, new, data)
        opened = docx.Document(io.BytesIO(data))
        assert opened.core_properties.title == INFO.title


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_edit_scripts_round_trip(data):
    items = data.draw(paragraphs)
    old = render(data.draw, items)
    new = render(data.draw, edit(data.draw, items))
    granularity = data.draw(st.sampled_from(["char", "word"]))
    assert_round_trip(old, new, tracked(old, new, granularity=granularity))


def test_a_whole_inserted_or_deleted_paragraph_tracks_its_mark():
    old = "同志们：\n今年要抓好三件事。\n谢谢大家！"
    new = "同志们：\n谢谢大家！\n散会。"
    data = tracked(old, new)
    root = document_xml(data)
    marks = {_text(p): mark(p) for p in _paragraphs(root)}
    assert marks["今年要抓好三件事。"] == "del"
    # The inserted last paragraph cannot own the document's last mark: the
    # break before it is the inserted one.
    assert marks["谢谢大家！"] == "ins"
    assert marks["散会。"] == ""
    assert marks["同志们："] == ""
    assert_round_trip(old, new, data)


def test_unchanged_paragraphs_carry_no_revision():
    texts = [revision.text for revision in organization_chain()]
    old, new = texts[3], texts[4]
    comparison = compare_texts(old, new).to_dict()
    data = comparison_docx(comparison, author="李执笔", date=WHEN, info=INFO)
    equal = [c for c in comparison["changes"] if c["kind"] == "equal"]
    paragraphs = _paragraphs(document_xml(data))
    clean = [p for p in paragraphs if not _revisions(p) and not mark(p)]
    assert len(clean) == len(equal) > 0
    old_paragraphs = split_paragraphs(old)
    assert [_text(p) for p in clean] == [old_paragraphs[c["old"][0]] for c in equal]


def test_a_moved_paragraph_is_a_real_move_inside_named_ranges():
    texts = [revision.text for revision in organization_chain()]
    old, new = texts[1], texts[2]  # the demo's second edit moves a paragraph
    data = tracked(old, new)
    root = document_xml(data)
    body = root.find(f"{{{W}}}body")
    starts = {
        side: body.findall(f"w:{side}RangeStart", NS) for side in ("moveFrom", "moveTo")
    }
    assert len(starts["moveFrom"]) == len(starts["moveTo"]) == 1
    name = starts["moveFrom"][0].get(f"{{{W}}}name")
    assert starts["moveTo"][0].get(f"{{{W}}}name") == name
    for side in ("moveFrom", "moveTo"):
        start = starts[side][0]
        moved = start.getnext()
        end = moved.getnext()
        # The range holds the whole paragraph, its mark included.
        assert etree_name(moved) == "p" and mark(moved) == side
        assert etree_name(end) == f"{side}RangeEnd"
        assert end.get(f"{{{W}}}id") == start.get(f"{{{W}}}id")
        assert _revisions(moved, side) and not _revisions(moved, "ins", "del")
    assert_round_trip(old, new, data)


def test_a_moved_and_edited_paragraph_is_a_deletion_and_an_insertion():
    texts = [revision.text for revision in organization_chain()]
    old, new = texts[0], texts[5]
    kinds = [c["kind"] for c in compare_texts(old, new).to_dict()["changes"]]
    assert "moved" in kinds
    root = document_xml(tracked(old, new))
    assert not _revisions(root, "moveFrom", "moveTo", "moveFromRangeStart")
    assert_round_trip(old, new, tracked(old, new))


def test_splits_and_merges_are_tracked_paragraph_marks():
    texts = [revision.text for revision in organization_chain()]
    old, new = texts[2], texts[3]  # the demo's third edit splits and merges
    kinds = {c["kind"] for c in compare_texts(old, new).to_dict()["changes"]}
    assert {"split", "merged"} <= kinds
    paragraphs = _paragraphs(document_xml(tracked(old, new)))
    split = [p for p in paragraphs if mark(p) == "ins" and not _revisions(p, "ins")]
    merged = [p for p in paragraphs if mark(p) == "del" and not _revisions(p, "del")]
    assert [_text(p)[:10] for p in split] == ["2、突出执政能力这个"]
    assert len(merged) == 1 and _text(merged[0]).startswith("组织工作要出成效")


def test_every_revision_names_the_author_and_date_and_has_its_own_id():
    texts = [revision.text for revision in organization_chain()]
    root = document_xml(tracked(texts[1], texts[3]))
    found = _revisions(root, *REVISION_TAGS, "moveFromRangeStart", "moveToRangeStart")
    assert {e.get(f"{{{W}}}author") for e in found} == {"李执笔"}
    assert {e.get(f"{{{W}}}date") for e in found} == {"2026-03-02T09:30:00Z"}
    ids = [e.get(f"{{{W}}}id") for e in found]
    assert len(ids) == len(set(ids))


def test_deleted_text_is_del_text_and_inserted_text_is_plain_text():
    root = document_xml(tracked("今年安排项目100个。", "今年安排项目120个。"))
    deleted = root.findall(".//w:del/w:r/w:delText", NS)
    inserted = root.findall(".//w:ins/w:r/w:t", NS)
    assert [e.text for e in deleted] == ["0"] and [e.text for e in inserted] == ["2"]
    assert not root.findall(".//w:del//w:t", NS)


def test_paragraphs_matched_out_of_order_become_moves():
    # The engine keeps matched paragraphs in order; should it not, the
    # document must still accept to the new text and reject to the old.
    comparison = {
        "changes": [
            {"kind": "equal", "old": [1], "new": [0], "segments": [["equal", "乙"]]},
            {"kind": "equal", "old": [0], "new": [1], "segments": [["equal", "甲"]]},
            {
                "kind": "modified",
                "old": [2],
                "new": [2],
                "segments": [["equal", "丙"], ["insert", "丁"]],
            },
        ]
    }
    data = comparison_docx(comparison, author="李执笔", date=WHEN, info=INFO)
    assert resolved(data, accept=True) == ["乙", "甲", "丙丁"]
    assert resolved(data, accept=False) == ["甲", "乙", "丙"]
    assert _revisions(document_xml(data), "moveFromRangeStart")


def test_tabs_and_markup_characters_survive():
    old = "甲\t乙 <a href='x'>&amp;</a>\n丙"
    new = "甲\t乙 <a href='x'>&amp;</a> 补充\n丙"
    assert_round_trip(old, new, tracked(old, new))


def test_the_document_opens_with_tracking_on_and_the_title_in_the_header():
    comparison = compare_texts("甲。", "乙。").to_dict()
    data = comparison_docx(
        comparison, author="李执笔", date=WHEN, info=INFO, header="第1版至第2版修订"
    )
    opened = docx.Document(io.BytesIO(data))
    settings_xml = opened.settings.element
    assert settings_xml.find(f"{{{W}}}trackRevisions") is not None
    assert opened.sections[0].header.paragraphs[0].text == "第1版至第2版修订"
