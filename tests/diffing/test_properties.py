"""Property tests: random drafts and edit scripts never break the contract."""

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.diffing import compare_texts
from tests.diffing.contract import assert_contract

TOKENS = list("组织工作会议同志们全市干部队伍建设提高领导班子的和是在") + [
    "，",
    "。",
    "；",
    ";",
    "！",
    "!",
    "：",
    ":",
    "（",
    "）",
    "(",
    ")",
    "𠮷",
    "𡈽",
    "e\u0301",
    "👍🏽",
    "1、",
    "二、",
]
COMMON = ["同志们：", "一、总结", "谢谢大家！", "。"]
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029"]
INDENTS = ["", "", "　　", "  ", "\t", "\ufeff", "\u00a0"]
WIDTH = str.maketrans(";!,:?()；！，：？（）", "；！，：？（）;!,:?()")

paragraph = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join)
paragraphs = st.lists(st.one_of(paragraph, st.sampled_from(COMMON)), max_size=10)
FAST = settings(max_examples=200, deadline=None)


def render(draw, items):
    lines = []
    for item in items:
        lines.extend([""] * draw(st.integers(0, 1)))
        lines.append(
            draw(st.sampled_from(INDENTS)) + item + draw(st.sampled_from(INDENTS))
        )
    return "".join(line + draw(st.sampled_from(BREAKS)) for line in lines)


def edit(draw, items):
    items = list(items)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(
            st.sampled_from(
                [
                    "char",
                    "char",
                    "insert",
                    "delete",
                    "move",
                    "split",
                    "merge",
                    "punct",
                    "duplicate",
                ]
            )
        )
        _apply(draw, items, action)
    return items


@st.composite
def edited_drafts(draw) -> tuple[str, str]:
    """Return a random draft and a randomly edited one, both with layout
    noise: the pair most property tests start from."""
    items = draw(paragraphs)
    return render(draw, items), render(draw, edit(draw, items))


def _apply(draw, items, action):
    if action == "insert" or not items:
        items.insert(draw(st.integers(0, len(items))), draw(paragraph))
        return
    k = draw(st.integers(0, len(items) - 1))
    text = items[k]
    if action == "char":
        pos = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        items[k] = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos + cut :]
    elif action == "delete":
        items.pop(k)
    elif action == "move":
        items.insert(draw(st.integers(0, len(items) - 1)), items.pop(k))
    elif action == "split" and len(text) > 1:
        pos = draw(st.integers(1, len(text) - 1))
        items[k : k + 1] = [text[:pos], text[pos:]]
    elif action == "merge" and k + 1 < len(items):
        items[k : k + 2] = [items[k] + items[k + 1]]
    elif action == "punct":
        items[k] = text.translate(WIDTH)
    elif action == "duplicate":
        items.insert(k, text)
    items[:] = [item for item in items if item.strip()]


@FAST
@given(edited_drafts())
def test_compare_texts_keeps_contract_under_random_edits(drafts):
    old, new = drafts
    for granularity in ("char", "word"):
        for fold in (False, True):
            result = compare_texts(
                old, new, granularity=granularity, ignore_punct_width=fold
            )
            assert_contract(old, new, result, fold=fold)


@FAST
@given(st.data())
def test_compare_texts_ignores_layout_only_differences(data):
    items = data.draw(paragraphs)
    old, new = render(data.draw, items), render(data.draw, items)
    for granularity in ("char", "word"):
        result = compare_texts(old, new, granularity=granularity)
        assert_contract(old, new, result)
        assert {c.kind for c in result.changes} <= {"equal"}
        assert result.stats.similarity == 100.0


@FAST
@given(st.data())
def test_compare_texts_ignores_punct_width_when_asked(data):
    items = data.draw(paragraphs)
    old = render(data.draw, items)
    new = render(data.draw, [item.translate(WIDTH) for item in items])
    result = compare_texts(old, new, ignore_punct_width=True)
    assert_contract(old, new, result, fold=True)
    assert {c.kind for c in result.changes} <= {"equal"}
    plain = compare_texts(old, new)
    assert_contract(old, new, plain)
    for change in plain.changes:
        if change.kind == "modified":
            assert change.tags == ("width",)
