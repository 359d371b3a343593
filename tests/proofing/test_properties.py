"""Properties over generated texts mixing Chinese, Latin, digits and marks."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.proofing import (
    PROOFREAD_CODES,
    ProofreadResult,
    apply_fixes,
    proofread,
    split_paragraphs,
)

_PIECES = st.sampled_from(
    list("的了是在我们要求中国一二三四1234567890abcXYZ .%@/")
    + list(";!,:?()<>;；！，：？（）。、“”‘’《》〈〉【】……——")
    + [
        "、",
        "1、",
        "（一）",
        "（1）",
        "一、",
        "\n",
        "\r\n",
        "\u3000",
        "\u2028",
        "\ufeff",
    ]
    + ["https://www.gov.cn/", "a@b.cn", "3:00", "1.5", "研究研究", "等等"]
)
texts = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_stay_inside_their_paragraph(text):
    paragraphs = split_paragraphs(text)

    for issue in proofread(text).issues:
        assert issue.code in PROOFREAD_CODES
        assert 0 <= issue.paragraph < len(paragraphs)
        assert 0 <= issue.start < issue.end <= len(paragraphs[issue.paragraph])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_issues_are_sorted_by_paragraph_and_start(text):
    keys = [(i.paragraph, i.start) for i in proofread(text).issues]

    assert keys == sorted(keys)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fixing_every_mechanical_issue_leaves_none(text):
    fixed = apply_fixes(text, proofread(text).issues)

    assert [i.to_dict() for i in proofread(fixed).issues if i.is_mechanical] == []
    assert len(split_paragraphs(fixed)) == len(split_paragraphs(text))


@settings(max_examples=100, deadline=None)
@given(texts)
def test_proofread_result_survives_its_json_form(text):
    result = proofread(text)
    kept = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert ProofreadResult.from_dict(kept) == result
