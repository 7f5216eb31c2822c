"""read_ahead: bundles read in order, the next one already being read while the caller audits one."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.readpool import ReadStats, read_ahead


def test_results_come_in_order_of_the_items():
    with ThreadPoolExecutor(max_workers=2) as ex:
        got = list(read_ahead(range(7), lambda i: i * i, ex))
    assert got == [(i, i * i) for i in range(7)]


def test_the_next_item_is_read_while_the_caller_handles_one():
    started = {i: threading.Event() for i in range(3)}

    def read(i: int) -> int:
        started[i].set()
        return i

    with ThreadPoolExecutor(max_workers=2) as ex:
        for item, _ in read_ahead(range(3), read, ex):
            if item + 1 < 3:  # the caller is still on `item`: the next one has been started already
                assert started[item + 1].wait(timeout=10)


class _Recording(ThreadPoolExecutor):
    """An executor that remembers which items were handed to it."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.submitted: list[int] = []

    def submit(self, fn, item, /):  # type: ignore[override]
        self.submitted.append(item)
        return super().submit(fn, item)


def test_no_more_than_ahead_items_are_read_beyond_the_one_in_hand():
    in_hand: dict[int, list[int]] = {}
    with _Recording() as ex:
        for item, _ in read_ahead(range(6), lambda i: i, ex, ahead=1):
            in_hand[item] = list(ex.submitted)
    assert in_hand[0] == [0, 1]
    assert in_hand[3] == [0, 1, 2, 3, 4]
    assert in_hand[5] == list(range(6))


def test_an_error_of_a_read_is_raised_at_its_item():
    def read(i: int) -> int:
        if i == 2:
            raise ValueError("bundle 2 is broken")
        return i

    handled = []
    with ThreadPoolExecutor(max_workers=2) as ex, pytest.raises(ValueError, match="bundle 2"):
        for item, _ in read_ahead(range(5), read, ex):
            handled.append(item)
    assert handled == [0, 1]


def test_stats_of_bundles_read_apart_add_up():
    total, a, b = ReadStats(), ReadStats(pages_read=3, stage_seconds={"ocr": 1.5}), ReadStats(
        pages_read=2, pages_cached=4, documents_cached=1, stage_seconds={"ocr": 0.5, "seals": 0.25})
    total.merge(a)
    total.merge(b)
    assert (total.pages_read, total.pages_cached, total.documents_cached) == (5, 4, 1)
    assert total.stage_seconds == {"ocr": 2.0, "seals": 0.25}
