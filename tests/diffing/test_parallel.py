"""Diffs made two at a time (drafts.diffing.parallel) change no result."""

import multiprocessing
import random
import signal
import threading
import time

import pytest
from hypothesis import given

from drafts.diffing import compare_texts, parallel
from drafts.diffing.inline import diff_ops
from drafts.diffing.scoring import Work
from tests.diffing import histories
from tests.diffing.test_properties import FAST, edited_drafts


@pytest.fixture
def every_batch_shared(monkeypatch):
    """Hand every batch of two or more pairs to the helper, however small."""
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)


def compare_both_ways(monkeypatch, old, new, **options):
    """Return the comparison and work counts with the helper, then without."""
    results = []
    for enabled in (True, False):
        monkeypatch.setattr(parallel, "enabled", enabled)
        before = (Work.diffs, Work.cells, Work.comparisons)
        result = compare_texts(old, new, **options).to_dict()
        after = (Work.diffs, Work.cells, Work.comparisons)
        results.append((result, [b - a for a, b in zip(before, after, strict=True)]))
    return results


def test_diff_all_returns_each_pairs_own_diff_in_order(every_batch_shared):
    rnd = random.Random(7)
    paragraphs_ = histories.demo_paragraphs()
    pairs = [(p, histories.edit_chars(rnd, p, 0.3)) for p in paragraphs_]
    pairs += [("", ""), ("", "新"), ("旧", "")]
    assert parallel.diff_all(pairs, diff_ops) == [diff_ops(a, b) for a, b in pairs]


def threads_taking_part() -> set[int]:
    """Return the threads that diffed a batch of three pairs."""
    seen = set()
    started = threading.Barrier(2, timeout=10)

    def diff(old, new):
        seen.add(threading.get_ident())
        # The first two pairs wait for each other: one on each thread.
        if old in ("甲", "乙"):
            started.wait()
        return diff_ops(old, new)

    parallel.diff_all([("甲", "一"), ("乙", "二"), ("丙", "三")], diff)
    return seen


def test_the_helper_thread_takes_part(every_batch_shared):
    seen = threads_taking_part()
    assert threading.get_ident() in seen
    assert len(seen) == 2


def test_a_failed_diff_is_raised_and_the_helper_stays_usable(every_batch_shared):
    def diff(old, new):
        if old == "坏":
            raise ValueError(old)
        return diff_ops(old, new)

    with pytest.raises(ValueError):
        parallel.diff_all([("坏", "一"), ("坏", "二"), ("好", "三")], diff)
    assert parallel.diff_all([("甲", "一"), ("乙", "二")], diff_ops) == [
        diff_ops("甲", "一"),
        diff_ops("乙", "二"),
    ]


class TimedOut(Exception):
    pass


def _time_out(signum, frame):
    raise TimedOut


def test_an_interrupted_batch_stops_the_helper_too(every_batch_shared):
    # A request cut by its time limit (drafts.timeouts, SIGALRM) leaves the
    # batch: the helper finishes the diff it is on and takes no other.
    done = []

    def slow_diff(old, new):
        time.sleep(0.05)  # sleeps without the GIL, as the C++ diff works
        done.append(old)
        return diff_ops(old, new)

    pairs = [(f"旧{k}", f"新{k}") for k in range(40)]
    previous = signal.signal(signal.SIGALRM, _time_out)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(TimedOut):
            parallel.diff_all(pairs, slow_diff)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    time.sleep(1.0)  # long enough for the helper to take 20 more
    assert len(done) < 15
    assert parallel.diff_all(pairs[:2], diff_ops) == [diff_ops(*p) for p in pairs[:2]]


def _count_threads_in_child(queue) -> None:
    queue.put(len(threads_taking_part()))


def test_a_forked_process_makes_its_own_helper(every_batch_shared):
    # A gunicorn worker is forked from its master: the parent's helper thread
    # does not exist in the child, which must start its own.
    parallel.diff_all([("甲", "一"), ("乙", "二")], diff_ops)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_count_threads_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
    assert child.exitcode == 0
    assert queue.get(timeout=5) == 2


@pytest.mark.parametrize(
    "texts",
    [
        lambda: histories.every_paragraph_edited(30_000),
        lambda: histories.shuffled_rewrite(30_000),
        lambda: histories.saturated(3),
        lambda: histories.restructured(3, seed=5),
    ],
    ids=["every paragraph edited", "shuffled", "saturated", "restructured"],
)
def test_results_and_work_are_the_same_with_the_helper_or_without(
    monkeypatch, every_batch_shared, texts
):
    old, new = texts()
    with_helper, alone = compare_both_ways(monkeypatch, old, new)
    assert with_helper == alone


@FAST
@given(edited_drafts())
def test_random_edits_compare_the_same_with_the_helper_or_without(drafts):
    old, new = drafts
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(parallel, "MIN_CHARS", 0)
        with_helper, alone = compare_both_ways(
            monkeypatch, old, new, granularity="word"
        )
    assert with_helper == alone
