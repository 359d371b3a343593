import pytest

from drafts.proofing import apply_fixes, proofread


def test_apply_fixes_keeps_line_breaks_and_indentation():
    text = "\u3000\u3000开会;休息!\r\n\r\n  同志们,,大家好。。\n"

    fixed = apply_fixes(text, proofread(text).issues)

    assert fixed == "\u3000\u3000开会；休息！\r\n\r\n  同志们，大家好。\n"


def test_apply_fixes_accepts_the_issue_dicts():
    text = "甲\n开会;休息"
    issues = proofread(text).to_dict()["issues"]

    assert apply_fixes(text, issues) == "甲\n开会；休息"


def test_apply_fixes_applies_only_the_chosen_issues():
    text = "开会;休息;散会"
    first = proofread(text).issues[0]

    assert apply_fixes(text, [first]) == "开会；休息;散会"


def test_apply_fixes_skips_issues_without_a_mechanical_fix():
    text = "1、甲\n、乙\n我的的书;《书"

    fixed = apply_fixes(text, proofread(text).issues)

    assert fixed == "1、甲\n、乙\n我的的书；《书"


def test_apply_fixes_rejects_offsets_outside_the_paragraph():
    issue = proofread("开会;休息").to_dict()["issues"][0]

    with pytest.raises(ValueError):
        apply_fixes("开会", [{**issue, "start": 5, "end": 6}])
    with pytest.raises(ValueError):
        apply_fixes("开会;休息", [{**issue, "paragraph": 3}])


def test_apply_fixes_rejects_overlapping_fixes():
    issue = proofread("开会;休息").issues[0]

    with pytest.raises(ValueError):
        apply_fixes("开会;休息", [issue, issue])
