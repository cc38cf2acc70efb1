"""fork_map: the few processes of a single build, their results in order, their failures raised here."""
from __future__ import annotations

import os
import signal

import pytest

from briefing.build.workers import ProcessDied, fork_map

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork_map forks")


def _pid(_):
    return os.getpid()


def test_results_come_back_in_order_from_that_many_processes():
    assert fork_map(lambda x: x * 10, [1, 2, 3, 4, 5], 2) == [10, 20, 30, 40, 50]
    pids = fork_map(_pid, [1, 2, 3], 2)
    assert pids[0] == pids[2] != pids[1] and os.getpid() not in pids  # item k in process k % 2


def test_an_exception_in_a_process_is_raised_here():
    with pytest.raises(ZeroDivisionError):
        fork_map(lambda x: 1 / x, [1, 0], 2)


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot travel")


def _raise_unpicklable(_):
    raise _Unpicklable("its words")


def test_an_exception_that_cannot_travel_comes_back_as_its_words():
    with pytest.raises(RuntimeError, match="_Unpicklable: its words"):
        fork_map(_raise_unpicklable, [1], 1)


def test_a_process_that_dies_raises_process_died_once_all_have_ended():
    with pytest.raises(ProcessDied):
        fork_map(lambda x: os.kill(os.getpid(), signal.SIGKILL) if x else x, [0, 1], 2)
