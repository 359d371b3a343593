"""Accepting or rejecting single changes: all gives new, none gives old."""

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.demo.chain import organization_chain
from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.accept import accept_changes, assemble, paragraph_lines
from tests.diffing.test_properties import edited_drafts

FAST = settings(max_examples=150, deadline=None)


def decide(old, new, take):
    """Assemble with the general path, every edited change decided by *take*."""
    changes = compare_texts(old, new).changes
    decisions = [c.kind == "equal" or take(k, c) for k, c in enumerate(changes)]
    return assemble(changes, decisions, paragraph_lines(old), paragraph_lines(new))


@FAST
@given(edited_drafts())
def test_assemble_all_accepted_or_all_rejected_rebuilds_each_side(drafts):
    old, new = drafts
    assert split_paragraphs(decide(old, new, lambda k, c: True)) == split_paragraphs(
        new
    )
    assert split_paragraphs(decide(old, new, lambda k, c: False)) == split_paragraphs(
        old
    )


@FAST
@given(edited_drafts(), st.sets(st.integers(0, 40)))
def test_assemble_partial_decisions_lose_no_paragraph(drafts, chosen):
    old, new = drafts
    result = split_paragraphs(decide(old, new, lambda k, c: k in chosen))
    changes = compare_texts(old, new).changes
    expected = sum(
        len(c.new) if (c.kind == "equal" or k in chosen) else len(c.old)
        for k, c in enumerate(changes)
    )
    assert len(result) == expected


def test_accept_changes_exact_texts_at_both_ends():
    chain = organization_chain()
    old, new = chain[0].text, chain[-1].text
    edited = [
        k for k, c in enumerate(compare_texts(old, new).changes) if c.kind != "equal"
    ]
    assert accept_changes(old, new, set(edited)) == new
    assert accept_changes(old, new, set()) == old


def _pick(old, new, kind):
    changes = compare_texts(old, new).changes
    return next(k for k, c in enumerate(changes) if c.kind == kind), changes


def test_accept_changes_each_kind_alone():
    one = (
        "甲段落的内容。\n乙段落的内容。\n丙段落的内容。\n丁段落的内容。\n戊段落的内容。"
    )
    cases = {
        "modified": one.replace("乙段落的内容。", "乙段落的新内容。"),
        "inserted": one + "\n己新增的段落。",
        "deleted": one.replace("丙段落的内容。\n", ""),
        "moved": "\n".join(["乙段落的内容。", "丙段落的内容。", "丁段落的内容。"])
        + "\n甲段落的内容。\n戊段落的内容。",
        "split": one.replace("乙段落的内容。", "乙段落\n的内容。"),
        "merged": one.replace("乙段落的内容。\n丙段落", "乙段落的内容。丙段落"),
    }
    for kind, new in cases.items():
        k, _ = _pick(one, new, kind)
        assert split_paragraphs(accept_changes(one, new, {k})) == split_paragraphs(
            new
        ), kind


def test_accept_changes_rejected_move_keeps_old_place():
    old = (
        "甲段落的内容。\n乙段落的内容。\n丙段落的内容。\n丁段落的内容。\n戊段落的内容。"
    )
    new = "\n".join(
        [
            "乙段落的内容。",
            "丙段落的内容。",
            "丁段落的新内容。",
            "甲段落的内容。",
            "戊段落的内容。",
        ]
    )
    modified, changes = _pick(old, new, "modified")
    result = accept_changes(old, new, {modified})
    assert split_paragraphs(result) == [
        "甲段落的内容。",
        "乙段落的内容。",
        "丙段落的内容。",
        "丁段落的新内容。",
        "戊段落的内容。",
    ]


def test_accept_changes_keeps_indentation_of_kept_lines():
    old = "　　第一段。\n　　第二段。\n　　第三段。"
    new = "　　第一段有改动。\n　　第二段。\n　　第三段也改了。"
    first, _ = _pick(old, new, "modified")
    assert (
        accept_changes(old, new, {first})
        == "　　第一段有改动。\n　　第二段。\n　　第三段。"
    )


def test_pair_crossing_a_merge_is_a_move_and_rejects_cleanly():
    old = "一、总结\n同志们：\n同志们：\n同志们："
    new = "组志们：\n一、总结同志们："
    kinds = [c.kind for c in compare_texts(old, new).changes]
    assert kinds == ["moved", "deleted", "merged"]
    assert split_paragraphs(decide(old, new, lambda k, c: False)) == split_paragraphs(
        old
    )
    assert split_paragraphs(decide(old, new, lambda k, c: True)) == split_paragraphs(
        new
    )
