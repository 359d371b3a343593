"""The best partner wins wherever it is; splits and merges of moved
paragraphs are splits and merges; copies of a paragraph cost one search."""

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from drafts.diffing import compare_texts
from drafts.diffing.inline import common_length, diff_ops
from drafts.diffing.scoring import Work
from tests.diffing import histories
from tests.diffing.contract import assert_contract, kinds

CLAUSES = histories.speech_clauses()
POEM = (
    "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少白日依山尽黄河入海流欲穷千里目更上一层楼"
)
# About half of ORIGINAL survives in LOOK_ALIKE, the rest is a poem.
ORIGINAL = (
    "组织工作的首要任务是建设高素质干部队伍，要坚持德才兼备、以德为先，"
    "把政治标准放在首位，树立重实干重实绩的用人导向。"
)
REVISED = (
    "组织工作的首要任务是建设高素质专业化干部队伍，要坚持德才兼备、以德为先，"
    "把政治标准放在首位，树立重实干重实绩的用人导向。"
)
LOOK_ALIKE = "组织工作的首要任务是建设高素质干部队伍，" + POEM[:20] + "。"
OTHERS = [
    "同志们：",
    "今天召开全市组织工作会议，主要任务是总结去年工作，部署今年任务。",
    "过去一年，全市组织系统围绕中心、服务大局，各项工作取得新成效。",
    "基层党组织建设要抓住重点，突破难点，彰显亮点，推动全面进步。",
    "人才工作要创新机制，优化环境，努力形成人才辈出的良好局面。",
]


def compare(old, new):
    result = compare_texts(old, new)
    assert_contract(old, new, result)
    return result


def similarity(a: str, b: str) -> float:
    return 2 * common_length(diff_ops(a, b)) / (len(a) + len(b))


def test_compare_texts_pairs_moved_paragraph_past_a_look_alike_in_its_place():
    # The shape: the paragraph, edited, moves to the end, and a new
    # paragraph resembling it appears where it stood.
    assert similarity(ORIGINAL, LOOK_ALIKE) < 0.6 < 0.8 < similarity(ORIGINAL, REVISED)
    old = [OTHERS[0], OTHERS[1], ORIGINAL, OTHERS[2], OTHERS[3], OTHERS[4]]
    new = [OTHERS[0], OTHERS[1], LOOK_ALIKE, OTHERS[2], OTHERS[3], OTHERS[4], REVISED]
    result = compare("\n".join(old), "\n".join(new))
    assert kinds(result) == [("inserted", (), (2,)), ("moved", (2,), (6,))]
    moved = next(c for c in result.changes if c.kind == "moved")
    assert ("insert", "专业化") in moved.segments


def test_compare_texts_keeps_a_near_tie_in_place():
    # The copy elsewhere keeps 10 characters more, yet is more similar by
    # less than the margin: the pair in place stays.
    base = histories.demo_paragraphs()[12]
    elsewhere = base[:50] + POEM[:10] + base[60:]
    in_place = elsewhere[:150] + POEM[10:20] + elsewhere[160:]
    assert 0 < similarity(base, elsewhere) - similarity(base, in_place) < 0.15
    old = [OTHERS[1], base, OTHERS[2], OTHERS[3]]
    new = [OTHERS[1], in_place, OTHERS[2], OTHERS[3], elsewhere]
    assert kinds(compare("\n".join(old), "\n".join(new))) == [
        ("modified", (1,), (1,)),
        ("inserted", (), (4,)),
    ]


def test_compare_texts_keeps_a_short_greeting_in_place():
    # "同志们：" edited in place keeps 2 characters, a copy elsewhere 3: one
    # character is no evidence of a move.
    old = ["同志们：", *OTHERS[1:]]
    new = ["同志工作", *OTHERS[1:], "同志们啊"]
    assert kinds(compare("\n".join(old), "\n".join(new)))[0] == (
        "modified",
        (0,),
        (0,),
    )


@st.composite
def moved_past_look_alike(draw):
    """Return old and new paragraphs where paragraph k moved, edited, to
    position *to*, and a look-alike took its old place; and k and *to*."""
    rnd = random.Random(draw(st.integers(0, 2**32)))
    count = draw(st.integers(4, 9))
    old = [histories.speech_paragraph(rnd, CLAUSES) for _ in range(count)]
    k = draw(st.integers(0, count - 3))
    to = draw(st.integers(k + 2, count))
    text = old[k]
    keep = draw(st.floats(0.3, 0.55))
    look_alike = text[: round(len(text) * keep)] + "".join(
        rnd.choice(POEM) for _ in range(round(len(text) * (1 - keep)))
    )
    new = list(old)
    new[k] = look_alike
    new.insert(to, histories.revise(rnd, text, CLAUSES))
    return old, new, k, to


@settings(max_examples=60, deadline=None)
@given(moved_past_look_alike())
def test_compare_texts_gives_moved_paragraph_its_best_partner(case):
    old, new, k, to = case
    assume(len(old[k]) >= 20 and len(set(old)) == len(old))
    assume(similarity(old[k], new[k]) <= 0.6 and similarity(old[k], new[to]) >= 0.8)
    result = compare("\n".join(old), "\n".join(new))
    partner = next(c for c in result.changes if k in c.old)
    assert (partner.kind, partner.old, partner.new) == ("moved", (k,), (to,))
    assert {op for op, _ in partner.segments} > {"equal"}


def test_compare_texts_pairs_nearly_every_paragraph_of_a_shuffled_draft():
    # 1,000 paragraphs, each revised, all shuffled: before the best partner
    # won, 956 were paired with their own revision, 23 with another one.
    old, new, truth = histories.shuffled_document()
    result = compare_texts(old, new)
    one_to_one = ("moved", "modified")
    pairs = {c.old[0]: c.new[0] for c in result.changes if c.kind in one_to_one}
    right = sum(pairs.get(i) == j for i, j in enumerate(truth))
    wrong = sum(i in pairs and pairs[i] != j for i, j in enumerate(truth))
    assert right >= 990 and wrong <= 2


def test_compare_texts_shows_a_moved_then_split_paragraph_as_a_moved_split():
    first, second = ORIGINAL.split("，", 1)
    old = [ORIGINAL, *OTHERS]
    new = [*OTHERS[:3], first + "，", second, *OTHERS[3:]]
    result = compare("\n".join(old), "\n".join(new))
    split = next(c for c in result.changes if c.kind == "split")
    assert (split.old, split.new, split.tags) == ((0,), (3, 4), ("moved",))
    assert [k for k in kinds(result) if k[0] != "split"] == []


def test_compare_texts_shows_merged_then_moved_paragraphs_as_a_moved_merge():
    old = [OTHERS[0], ORIGINAL, OTHERS[1], OTHERS[2], OTHERS[3], OTHERS[4]]
    new = [OTHERS[0], OTHERS[3], OTHERS[4], ORIGINAL + OTHERS[1], OTHERS[2]]
    result = compare("\n".join(old), "\n".join(new))
    merged = next(c for c in result.changes if c.kind == "merged")
    assert (merged.old, merged.new) == ((1, 2), (3,))
    assert merged.tags == ("moved",)


def _work(old: str, new: str) -> list[int]:
    before = (Work.diffs, Work.cells, Work.comparisons, Work.grams)
    result = compare_texts(old, new)
    assert_contract(old, new, result)
    after = (Work.diffs, Work.cells, Work.comparisons, Work.grams)
    return [b - a for a, b in zip(before, after, strict=True)]


def _copies(shape: str, copies: int) -> tuple[str, str]:
    rnd = random.Random(4)
    a, b = histories.demo_paragraphs()[12], histories.demo_paragraphs()[13]
    edited_a, edited_b = histories.scatter(rnd, a), histories.scatter(rnd, b)
    if shape == "identical, edited":
        return "\n".join([a] * copies), "\n".join([edited_a] * copies)
    # Two runs of identical paragraphs, reversed and edited: every
    # paragraph's true partner is in the other half.
    old = [a] * copies + [b] * copies
    new = [edited_b] * copies + [edited_a] * copies
    return "\n".join(old), "\n".join(new)


@pytest.mark.parametrize("shape", ["identical, edited", "runs reversed"])
@settings(max_examples=12, deadline=None)
@given(copies=st.one_of(st.integers(2, 15), st.integers(31, 150)))
def test_compare_texts_work_does_not_grow_with_identical_copies(shape, copies):
    # Small blocks compare every pair, big ones sketch: within each, the
    # diffs, their cells, the bigram comparisons and the bigram sets and
    # sketches built are those of the fewest copies.
    fewest = 2 if copies <= 15 else 31
    assert _work(*_copies(shape, copies)) == _work(*_copies(shape, fewest))


def test_compare_texts_pairs_reversed_runs_of_identical_paragraphs():
    result = compare(*_copies("runs reversed", 200))
    assert result.stats.kinds["moved"] == 200
    assert result.stats.kinds["modified"] == 200
