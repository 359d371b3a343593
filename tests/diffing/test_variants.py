"""Cosmetic changes: width and script variants, renumbering, invisibles."""

import unicodedata

import opencc
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.paragraphs import WIDTH_VARIANTS
from tests.diffing.contract import assert_contract, kinds
from tests.diffing.test_properties import FAST, paragraphs, render

S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


def compare(old, new, **options):
    result = compare_texts(old, new, **options)
    assert_contract(
        old,
        new,
        result,
        fold=options.get("ignore_punct_width", False),
        script=options.get("ignore_script", False),
    )
    return result


def changed(result):
    return [(c.kind, c.tags) for c in result.changes if c.kind != "equal"]


# Width -------------------------------------------------------------------


def test_width_table_pairs_every_full_width_ascii_form():
    for code in range(0x21, 0x7F):
        assert WIDTH_VARIANTS[chr(code + 0xFEE0)] == chr(code)
    assert WIDTH_VARIANTS["\u3000"] == " " and WIDTH_VARIANTS["\u00a0"] == " "
    assert WIDTH_VARIANTS["“"] == WIDTH_VARIANTS["”"] == '"'
    assert WIDTH_VARIANTS["‘"] == WIDTH_VARIANTS["’"] == "'"
    assert WIDTH_VARIANTS["ｶ"] == "カ" and WIDTH_VARIANTS["｡"] == "。"
    assert "、" not in WIDTH_VARIANTS  # no narrow form: a mark of its own


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("全市完成投资１２００亿元", "全市完成投资1200亿元"),
        ("推进ＡＩ应用", "推进AI应用"),
        ("会议到此结束。", "会议到此结束."),
        ("他说：“抓落实”", '他说："抓落实"'),
        ("这是‘关键’", "这是'关键'"),
        ("同志们：大家好", "同志们:大家好"),
        ("一是\u3000抓落实", "一是 抓落实"),
        ("共计\u00a05项", "共计 5项"),
    ],
)
def test_width_only_change_is_tagged_and_ignored_when_asked(old, new):
    assert changed(compare(old, new)) == [("modified", ("width",))]
    assert kinds(compare(old, new, ignore_punct_width=True)) == []


def test_full_stop_between_ascii_digits_is_no_width_variant():
    # "3.5" is a number; "3。5" a slip the reader must see.
    assert changed(compare("增长3.5个百分点", "增长3。5个百分点")) == [("modified", ())]
    assert changed(compare("版本3.", "版本3。")) == [("modified", ("width",))]


_BACK: dict[str, str] = {}
for _variant, _plain in WIDTH_VARIANTS.items():
    _BACK.setdefault(_plain, _variant)


def width_variant(text: str) -> str:
    """Return *text* with each character that has a width variant swapped."""
    return "".join(WIDTH_VARIANTS.get(c, _BACK.get(c, c)) for c in text)


@FAST
@given(st.data())
def test_width_variants_are_tagged_and_ignored_when_asked(data):
    items = data.draw(paragraphs) + data.draw(
        st.lists(st.sampled_from(["１２００元", "AI。", "说“好”", "a\u00a0b"]))
    )
    # A paragraph whose variant stands in the old text too pairs with that
    # exact copy first (test_swapped_width_variants_pair_as_exact_copies).
    variants = [width_variant(item) for item in items]
    assume(all(v == i or v not in items for i, v in zip(items, variants, strict=True)))
    old = render(data.draw, items)
    new = render(data.draw, variants)
    for granularity in ("char", "word"):
        ignoring = compare(old, new, granularity=granularity, ignore_punct_width=True)
        assert kinds(ignoring) == []
        plain = compare(old, new, granularity=granularity)
        assert {c.kind for c in plain.changes} <= {"equal", "modified"}
        assert all(c.tags == ("width",) for c in plain.changes if c.kind != "equal")


def test_swapped_width_variants_pair_as_exact_copies():
    # Found by the property above: each new paragraph is the other old one's
    # exact copy, and exact copies pair first: one stays, the other moved.
    result = compare("）组\n)组", ")组\n）组")
    assert [(c.kind, c.old, c.new) for c in result.changes] == [
        ("equal", (1,), (0,)),
        ("moved", (0,), (1,)),
    ]
    assert kinds(compare("）组\n)组", ")组\n）组", ignore_punct_width=True)) == []


# Script ------------------------------------------------------------------

SPEECH = "同志们：这次会议的主要任务是总结经验，部署今后一个时期的发展工作。"


def test_converted_paragraph_is_modified_and_tagged_script():
    other = "春眠不觉晓，处处闻啼鸟。"
    old = f"{other}\n{SPEECH}\n{other}"
    new = f"{other}\n{S2T.convert(SPEECH)}\n{other}"
    assert changed(compare(old, new)) == [("modified", ("script",))]
    assert kinds(compare(old, new, ignore_script=True)) == []


def test_converted_and_moved_paragraph_still_pairs():
    others = ["春眠不觉晓，处处闻啼鸟。", "夜来风雨声，花落知多少。"]
    old = "\n".join([SPEECH, *others])
    new = "\n".join([*others, S2T.convert(SPEECH)])
    assert changed(compare(old, new)) == [("moved", ("script",))]


def test_script_and_width_together_get_both_tags():
    old, new = "发展１２００亿元", "發展1200億元"
    assert changed(compare(old, new)) == [("modified", ("width", "script"))]
    assert changed(compare(old, new, ignore_script=True)) == [("modified", ("width",))]
    assert kinds(compare(old, new, ignore_script=True, ignore_punct_width=True)) == []


def test_real_word_edit_beside_a_script_change_gets_no_tag():
    old, new = "加强党的建设", "加強黨的領導"
    assert changed(compare(old, new)) == [("modified", ())]
    # "乾隆" stays "乾隆" in simplified text: writing "干隆" is a typo.
    assert changed(compare("乾隆年间", "干隆年间")) == [("modified", ())]


SIMPLIFIED = list(
    "国家发展经济会议组织干部队伍建设领导这个问题关系后来里面头发说们为什么时间"
)


@FAST
@given(
    st.lists(
        st.lists(st.sampled_from(SIMPLIFIED + ["，", "。"]), min_size=2, max_size=20),
        min_size=1,
        max_size=6,
    ).map(lambda items: ["".join(item) for item in items]),
    st.data(),
)
def test_script_variants_are_tagged_and_ignored_when_asked(items, data):
    converted = [S2T.convert(item) for item in items]
    # OpenCC's own round trip: what t2s takes for the same text.
    assume(
        all(
            T2S.convert(c) == T2S.convert(i)
            for c, i in zip(converted, items, strict=True)
        )
    )
    old, new = render(data.draw, items), render(data.draw, converted)
    for granularity in ("char", "word"):
        ignoring = compare(old, new, granularity=granularity, ignore_script=True)
        assert kinds(ignoring) == []
        plain = compare(old, new, granularity=granularity)
        assert {c.kind for c in plain.changes} <= {"equal", "modified"}
        assert all(c.tags == ("script",) for c in plain.changes if c.kind != "equal")


# Renumbering -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("①加强学习", "②加强学习"),
        ("⑴加强学习", "⑵加强学习"),
        ("一是加强学习", "二是加强学习"),
        ("其一，加强学习", "其二，加强学习"),
        ("首先，加强学习", "其次，加强学习"),
        ("一、加强学习", "（一）加强学习"),
        ("3.加强学习", "4.加强学习"),
        ("第一章 总则", "第二章 总则"),
    ],
)
def test_renumbered_heading_is_tagged(old, new):
    assert changed(compare(old, new)) == [("modified", ("renumbering",))]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("一是加强学习", "二是加强领导"),  # the words changed too
        ("首先要加强学习", "其次要加强学习"),  # no comma: words of a sentence
        ("其实加强学习", "其次加强学习"),
        ("这是加强学习", "那是加强学习"),
    ],
)
def test_word_edit_is_no_renumbering(old, new):
    assert changed(compare(old, new)) == [("modified", ())]


# Invisible characters ----------------------------------------------------

LAYOUT = [
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # BOM, zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u202a",  # left-to-right embedding
    "\u2066",  # left-to-right isolate
    "\u200c",  # zero-width non-joiner beside CJK
    "\u200d",  # zero-width joiner beside CJK
]


@pytest.mark.parametrize("char", LAYOUT)
def test_invisible_character_is_layout(char):
    assert unicodedata.category(char) == "Cf"
    assert split_paragraphs(f"加强{char}学习\n") == ["加强学习"]
    assert kinds(compare("加强学习", f"加{char}强学习")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufeff\u200c\xa0", []),  # a line of layout alone is no paragraph
        ("\xa0\u200d\u202c加强", ["加强"]),
        ("加强\ufeff\u200c\xa0\n学习", ["加强", "学习"]),
        ("加强\u2028\u200d\u0627", ["加强", "\u0627"]),
    ],
)
def test_joiner_left_at_a_line_edge_by_spaces_is_layout(text, expected):
    # Spaces and other invisible characters go first: a joiner they leave
    # at the edge of the line joins nothing.
    assert split_paragraphs(text) == expected


def test_joiner_inside_an_emoji_sequence_is_kept():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert split_paragraphs(f"全家{family}好") == [f"全家{family}好"]
    result = compare("全家\U0001f468\U0001f469\U0001f467好", f"全家{family}好")
    assert [c.kind for c in result.changes] == ["modified"]


@FAST
@given(st.data())
def test_invisible_characters_never_make_a_change(data):
    items = data.draw(paragraphs)
    old = render(data.draw, items)
    sprinkled = []
    for item in items:
        pos = data.draw(st.integers(0, len(item)))
        char = data.draw(st.sampled_from(LAYOUT[:7]))
        sprinkled.append(item[:pos] + char + item[pos:])
    new = render(data.draw, sprinkled)
    for granularity in ("char", "word"):
        assert kinds(compare(old, new, granularity=granularity)) == []
