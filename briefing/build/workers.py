"""Worker processes and signals: Ctrl-C and SIGTERM stop a build cleanly, a dead worker is only its file's failure.

The parent alone handles SIGINT and SIGTERM (both become `Interrupted`, so every
`finally` and `Staging` removes its temporaries); workers ignore SIGINT (the
terminal sends it to the whole process group) and are terminated by the parent.

Two ways to run work in processes: `process_pool`, a ProcessPoolExecutor for a
batch's many files, and `fork_map`, one forked process per item for the few
groups of a single build (what the pool's threads, queues and imports cost,
~15 ms of CPU and ~30 ms of waiting, is a tenth of such a process's work).
"""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager

__all__ = ["Interrupted", "ProcessDied", "fork_map", "install_handlers", "process_pool",
           "restore_handlers", "worker_init"]


def __getattr__(name: str):  # BrokenProcessPool, as the pool raises it
    if name == "BrokenProcessPool":  # concurrent.futures is imported only by what uses a pool
        from concurrent.futures.process import BrokenProcessPool

        return BrokenProcessPool
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ProcessDied(Exception):
    """A process of fork_map ended without sending its result (killed, or out of memory)."""

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


def _terminate(pool) -> None:
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
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init, **kwargs)
    try:
        yield pool
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def fork_map(func, items: list, processes: int) -> list:
    """Return [func(item) for item in items], computed in `processes` processes forked for it, at the same time.

    Item k goes to process k % processes, which runs its items in order (a
    build's press PDFs after its screen PDFs, in the process that set those up).
    A child sends back its results, or the exception it raised, pickled through
    a pipe and ends with os._exit (no cleanup of the parent's state runs in it);
    the exception is raised again here. A child that ends without a word
    (killed, out of memory) raises ProcessDied once all have ended; Ctrl-C or
    SIGTERM here terminates the children before it propagates.
    """
    import pickle

    shares = [items[k::processes] for k in range(min(processes, len(items)))]
    children: list[tuple[int, int]] = []
    try:
        for share in shares:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                status = 1
                try:
                    os.close(read)
                    worker_init()
                    try:
                        data = pickle.dumps((True, [func(item) for item in share]))
                    except BaseException as exc:  # the parent reports it as its own
                        try:
                            data = pickle.dumps((False, exc))
                        except Exception:  # one that cannot travel: its words can
                            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
                    with os.fdopen(write, "wb") as pipe:
                        pipe.write(data)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write)
            children.append((pid, read))
        sent = []
        for pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                sent.append(pipe.read())
        children, ended = [], children
        for pid, _ in ended:
            os.waitpid(pid, 0)
    except BaseException:
        for pid, _ in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        for pid, read in children:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass
            try:
                os.close(read)
            except OSError:
                pass
        raise
    results: list = [None] * len(items)
    for k, data in enumerate(sent):
        if not data:
            raise ProcessDied("a process ended without its results")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        results[k::len(shares)] = value
    return results
