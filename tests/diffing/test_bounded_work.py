"""The engine's work per paragraph stays bounded, whatever the vocabulary.

Work is counted, not timed, so the bounds hold on any machine: full diffs,
their cells and bigram-set comparisons (drafts.diffing.scoring.Work).
"""

import random
import time

import pytest

from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.blocks import pair_block
from drafts.diffing.caps import Allowance
from drafts.diffing.groups import groups
from drafts.diffing.near import Diagonal
from drafts.diffing.scoring import PairDiffer, Work
from tests.diffing import histories
from tests.diffing.contract import assert_contract, kinds

SHAPES = {
    "saturated history": lambda: histories.saturated(7),
    "near-duplicates": lambda: histories.near_duplicates(50_000),
    "identical paragraphs": lambda: histories.identical_paragraphs(50_000),
    "shuffled, every paragraph edited": lambda: histories.shuffled_rewrite(50_000),
    "every paragraph edited": lambda: histories.every_paragraph_edited(50_000),
    "one huge paragraph against many": lambda: histories.huge_against_small(50_000),
    "swapped halves, all left over": lambda: histories.swapped_halves(100),
}


def compare_counting(old, new):
    before = (Work.diffs, Work.cells, Work.comparisons)
    result = compare_texts(old, new)
    after = (Work.diffs, Work.cells, Work.comparisons)
    assert_contract(old, new, result)
    return result, [b - a for a, b in zip(before, after, strict=True)]


@pytest.fixture(scope="module")
def slow_history():
    return histories.revision_pair(histories.demo_paragraphs(), 940, 1000)


def test_compare_texts_slow_history_runs_few_diffs(slow_history):
    # Before the bounds: 2,408 diffs, 2,341 of them for splits and merges.
    result, (diffs, _, _) = compare_counting(*slow_history)
    assert diffs <= 60
    assert result.stats.kinds["modified"] == 20


def test_compare_texts_slow_history_takes_under_five_seconds(slow_history):
    # It took 16 to 24 s; the bound is loose enough for a loaded machine.
    start = time.perf_counter()
    compare_texts(*slow_history)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("shape", SHAPES)
def test_compare_texts_work_per_paragraph_is_bounded(shape):
    old, new = SHAPES[shape]()
    result, (diffs, cells, comparisons) = compare_counting(old, new)
    paragraphs = result.stats.old_paragraphs + result.stats.new_paragraphs
    # Each paragraph's likeliest partner is diffed for free; the rest is
    # bounded by the allowance in cells, not by a count.
    assert diffs <= 4 * paragraphs
    assert comparisons <= 40 * paragraphs
    assert cells <= 1000 * (len(old) + len(new)) + 20_000_000


@pytest.mark.parametrize(
    "shape", ["near-duplicates", "identical paragraphs", "every paragraph edited"]
)
def test_compare_texts_keeps_paragraphs_in_place_under_the_bounds(shape):
    old, new = SHAPES[shape]()
    result, _ = compare_counting(old, new)
    assert {c.kind for c in result.changes} <= {"equal", "modified"}


def test_compare_texts_finds_split_merge_and_move_in_shared_vocabulary():
    # Every paragraph is made of the same few characters, so bigrams cannot
    # tell the parts apart; the ranked runs and the allowance still reach them.
    old, new = histories.saturated(1)
    paragraphs = split_paragraphs(new)
    half = len(paragraphs[13]) // 2
    paragraphs[13:14] = [paragraphs[13][:half], paragraphs[13][half:]]
    paragraphs[2:4] = [paragraphs[2] + paragraphs[3]]
    paragraphs.insert(18, paragraphs.pop(6))
    result, _ = compare_counting(old, "\n".join(paragraphs))
    assert [k for k in kinds(result) if k[0] != "modified"] == [
        ("merged", (2, 3), (2,)),
        ("split", (13,), (11, 12)),
        ("moved", (7,), (18,)),
    ]


def test_compare_texts_finds_merges_when_every_paragraph_was_edited():
    # One replaced block as long as the text: the in-order bound rejects most
    # runs before a diff, so the allowance lasts for the true merges.
    rnd = random.Random(7)
    old = histories.demo_paragraphs(6)
    new = [histories.scatter(rnd, p) for p in old]
    for k in (100, 70, 40, 10):
        new[k : k + 2] = [new[k] + new[k + 1]]
    result, _ = compare_counting("\n".join(old), "\n".join(new))
    merged = [(c.old, c.new) for c in result.changes if c.kind == "merged"]
    assert merged == [
        ((10, 11), (10,)),
        ((40, 41), (39,)),
        ((70, 71), (68,)),
        ((100, 101), (97,)),
    ]


@pytest.mark.parametrize(
    ("copies", "seed", "expected"),
    [
        (
            6,
            7,
            [
                ("merged", (37, 38), (38,)),
                ("merged", (78, 79), (79,)),
                ("merged", (102, 103), (102,)),
                ("merged", (121, 122), (119,)),
            ],
        ),
        (6, 8, [("merged", (75, 76), (75,)), ("split", (107,), (106, 107))]),
    ],
)
def test_compare_texts_finds_what_the_unbounded_search_found(copies, seed, expected):
    # Every paragraph edited, and each paragraph six times in the text: many
    # runs pass the bigram sifts, and the in-order bound keeps the allowance
    # for the true ones. Expected: what the engine found before the bounds.
    result, _ = compare_counting(*histories.restructured(copies, seed))
    assert [k for k in kinds(result) if k[0] in ("split", "merged")] == expected


@pytest.mark.parametrize(("at", "count", "share"), [(80, 20, 0.05), (100, 30, 0.3)])
def test_compare_texts_pairs_edited_paragraphs_past_an_inserted_batch(at, count, share):
    # Big blocks compare each paragraph with a few of those around the
    # diagonal: the sketch-likeliest reach the pairs a batch shifted away.
    old, new = histories.inserted_batch(8, at, count, share, seed=at)
    result, _ = compare_counting(old, new)
    found = result.stats.kinds
    assert found["equal"] + found["modified"] == 168
    assert (found["inserted"], found["deleted"], found["moved"]) == (count, 0, 0)


def test_a_lopsided_block_diffs_free_partners_for_twice_its_smaller_side():
    # Twelve old paragraphs of one vocabulary against two new ones, the
    # allowance spent: a plain two-level diff makes two diffs here; each old
    # paragraph's likeliest partner would make twelve.
    old, new = histories.shuffled_saturated(1)
    differ = PairDiffer(old.split("\n")[:12], new.split("\n")[:2])
    differ.allowance = Allowance(0)
    differ.allowance.spend(differ.allowance.left)
    before = Work.diffs
    pair_block(list(range(12)), [0, 1], differ)
    assert 2 <= Work.diffs - before <= 4


# Bigram comparisons: a sift per partner in a run's reach, then an overlap
# per run of partners that passed it.
@pytest.mark.parametrize(
    ("partners", "comparisons"),
    [((0, 2, 4), 0), ((0, 1, 3), 2 + 1), ((1, 2, 3), 3 + 3)],
)
def test_split_search_sifts_only_partners_with_a_neighbouring_partner(
    partners, comparisons
):
    # Parts of a split are consecutive paragraphs: a partner with no
    # neighbour among the partners is in no run, and its bigrams are spared.
    whole = "组织工作要坚持党管干部原则，坚持好干部标准，树立正确用人导向。"
    halves = [whole[:16], whole[16:], whole[:15] + "们", whole[16:-1], whole[:16]]
    halves[-1] = halves[-1].replace("组织", "人事")  # texts all distinct
    differ = PairDiffer([whole], halves)
    differ.allowance = Allowance(100)
    before = Work.comparisons
    groups([(0, j) for j in partners], differ, Diagonal([0], [0, 1, 2, 3, 4]), True)
    assert Work.comparisons - before == comparisons


def test_dice_and_containments_share_one_bigram_intersection():
    # The pair search asks for Dice, the split and merge search for how
    # much of either side lies in the other: one set intersection for all.
    differ = PairDiffer(["加强组织工作", "甲"], ["加强组织建设", "乙"])
    before = Work.comparisons
    shares = differ.new_in_old(0, 0), differ.old_in_new(0, 0), differ.dice(0, 0)
    assert Work.comparisons - before == 1
    # 加强 强组 组织 are shared, of 5 bigrams a side.
    assert shares == (3 / 5, 3 / 5, 2 * 3 / 10)
    differ.dice(1, 0)
    assert Work.comparisons - before == 2
