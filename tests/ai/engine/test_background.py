"""The per-process background thread under heartbeats and sweepers."""

import os
import threading
import time

from modelbank.ai.background import PeriodicThread

BOUND = 30.0  # a generous limit on waits, never an expected duration


class Interval:
    """Fast while the test runs, then an hour: the daemon thread outlives the test."""

    def __init__(self) -> None:
        self.seconds = 0.01

    def __call__(self) -> float:
        return self.seconds


def _wait_for(condition) -> bool:
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_failing_tick_does_not_end_the_thread():
    ticks = []

    def tick():
        ticks.append(threading.current_thread().name)
        if len(ticks) == 1:
            raise RuntimeError("the database went away")

    interval = Interval()
    thread = PeriodicThread("test-failing-tick", tick, interval)
    try:
        thread.ensure_started()
        thread.ensure_started()  # once per process, however often asked
        assert _wait_for(lambda: len(ticks) >= 3)
        assert set(ticks) == {"test-failing-tick"} and thread.running
    finally:
        interval.seconds = 3600


def test_a_fork_waits_for_the_tick_and_the_child_starts_its_own_thread():
    ticks_by_pid: dict[int, int] = {}
    inside = []  # non-empty while a tick runs (where a database connection would be in use)

    def tick():
        inside.append(True)
        time.sleep(0.05)
        ticks_by_pid[os.getpid()] = ticks_by_pid.get(os.getpid(), 0) + 1
        inside.clear()

    interval = Interval()
    thread = PeriodicThread("test-fork", tick, interval)
    thread.ensure_started()
    assert _wait_for(lambda: ticks_by_pid.get(os.getpid()) and inside)  # fork while a tick runs
    try:
        pid = os.fork()
    except BaseException:
        interval.seconds = 3600
        raise
    if pid == 0:  # the child: report through the exit code, never return into pytest
        code = 1
        try:
            if inside:
                code = 3  # forked in the middle of a tick
            elif not thread.running:
                thread.ensure_started()
                code = 0 if _wait_for(lambda: ticks_by_pid.get(os.getpid())) and thread.running else 2
        finally:
            os._exit(code)
    interval.seconds = 3600
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert thread.running  # the parent's thread goes on
