"""Diff many pairs of texts at once, on this thread and one helper thread.

The C++ diff releases the GIL while it works, so two diffs run on two cores.
Each pair gets the diff it gets alone: the order and the thread a pair is
diffed on never change an answer.
"""

import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

# Below this many characters in all, handing work to a thread costs more
# than it saves (a hand-off is tens of microseconds, a diff of 1,000
# similar characters about as much).
MIN_CHARS = 2000
# Tests turn the helper off to check that results do not depend on it.
enabled = True

_lock = threading.Lock()
_helper: tuple[int, ThreadPoolExecutor] | None = None


def diff_all(
    pairs: Sequence[tuple[str, str]], diff: Callable[[str, str], T]
) -> list[T]:
    """Return diff(old, new) of each pair, in order."""
    if not enabled or len(pairs) < 2 or _chars(pairs) < MIN_CHARS:
        return [diff(old, new) for old, new in pairs]
    results: list = [None] * len(pairs)
    # Longest first, each thread taking the next when done: the two finish
    # close together however the costs are spread.
    todo = deque(sorted(range(len(pairs)), key=lambda k: -_length(pairs[k])))
    stopped = threading.Event()

    def work() -> None:
        while not stopped.is_set():
            try:
                k = todo.popleft()  # atomic: no pair is taken twice
            except IndexError:
                return
            results[k] = diff(*pairs[k])

    helper = _executor().submit(work)
    try:
        work()
        # Not started yet (it serves another thread's batch): nothing to
        # wait for, this thread did all the work.
        if not helper.cancel():
            helper.result()
    finally:
        # Interrupted (a request timed out): the helper stops after the diff
        # it is on instead of finishing work nobody will read.
        stopped.set()
    return results


def _length(pair: tuple[str, str]) -> int:
    return len(pair[0]) + len(pair[1])


def _chars(pairs: Sequence[tuple[str, str]]) -> int:
    return sum(map(_length, pairs))


def _executor() -> ThreadPoolExecutor:
    # A forked process (a gunicorn worker) has no copy of its parent's
    # thread: each process makes its own helper.
    global _helper
    with _lock:
        if _helper is None or _helper[0] != os.getpid():
            _helper = (os.getpid(), ThreadPoolExecutor(1, "drafts-diff"))
        return _helper[1]
