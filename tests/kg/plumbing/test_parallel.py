"""Spreading work over processes: the same results in order, whatever happens to a child."""

from __future__ import annotations

import os

import pytest

from kg.plumbing import parallel as forked


@pytest.fixture(autouse=True)
def small_shares(monkeypatch):
    monkeypatch.setattr(forked, "MIN_ITEMS_PER_PROCESS", 2)
    monkeypatch.setenv(forked.JOBS_ENV, "3")


def test_results_come_back_in_order_from_several_processes():
    parent = os.getpid()
    results = forked.map_forked(lambda item: (item * item, os.getpid()), list(range(12)))
    assert [square for square, _ in results] == [item * item for item in range(12)]
    assert len({pid for _, pid in results}) == 3 and results[0][1] == parent


def test_one_process_when_asked_or_when_there_is_little_work(monkeypatch):
    parent = os.getpid()
    assert set(forked.map_forked(lambda _: os.getpid(), [1, 2, 3])) == {parent}
    monkeypatch.setenv(forked.JOBS_ENV, "1")
    assert set(forked.map_forked(lambda _: os.getpid(), list(range(12)))) == {parent}


def test_a_child_that_dies_has_its_share_done_by_the_parent():
    parent = os.getpid()

    def dies_in_a_child(item):
        if item == 9 and os.getpid() != parent:
            os._exit(3)
        return item, os.getpid()

    results = forked.map_forked(dies_in_a_child, list(range(12)))
    assert [item for item, _ in results] == list(range(12))
    assert [pid for item, pid in results if item >= 8] == [parent] * 4


def test_results_that_are_not_plain_data_are_computed_again_by_the_parent():
    parent = os.getpid()
    results = forked.map_forked(lambda item: (item, os.getpid(), object()), list(range(6)))
    assert [pid for _, pid, _ in results] == [parent] * 6


def test_an_error_in_the_function_reaches_the_caller():
    def fails(item):
        if item == 10:
            raise ValueError("item 10")
        return item

    with pytest.raises(ValueError, match="item 10"):
        forked.map_forked(fails, list(range(12)))


def test_no_child_is_left_behind():
    forked.map_forked(lambda item: item, list(range(12)))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
