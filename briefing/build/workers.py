"""Worker processes and signals: Ctrl-C and SIGTERM stop a build cleanly, a dead worker is only its file's failure.

The parent alone handles SIGINT and SIGTERM (both become `Interrupted`, so every
`finally` and `Staging` removes its temporaries); workers ignore SIGINT (the
terminal sends it to the whole process group) and are terminated by the parent.
"""
from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

__all__ = ["BrokenProcessPool", "Interrupted", "install_handlers", "process_pool", "restore_handlers", "worker_init"]

_MAIN_PID: int | None = None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the build; `signum` says which."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum


def _raise(signum, frame):
    if os.getpid() != _MAIN_PID:  # a forked child that has not reset its handlers yet
        os._exit(128 + signum)
    raise Interrupted(signum)


def install_handlers() -> dict:
    """Turn SIGINT and SIGTERM into `Interrupted` in this (the main) process; return the handlers replaced."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, _raise)
        except (ValueError, OSError):  # not the main thread (tests calling main() from a thread)
            pass
    return previous


def restore_handlers(previous: dict) -> None:
    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        except (ValueError, OSError, TypeError):
            pass


def worker_init() -> None:
    """In a worker: leave Ctrl-C to the parent, die at once on SIGTERM (the parent removes the files)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.join(5)
        except (OSError, AttributeError, AssertionError):
            pass


@contextmanager
def process_pool(workers: int, **kwargs):
    """A ProcessPoolExecutor whose workers are terminated (not waited for) when the block fails or is interrupted."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init, **kwargs)
    try:
        yield pool
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown(wait=True)
