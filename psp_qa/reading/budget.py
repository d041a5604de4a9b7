"""Run a parser in a worker process with a time and memory budget.

A damaged or hostile file can make a parser loop, recurse or allocate without
end; in a worker it costs at most `seconds`, `WORKER_MEMORY_BYTES` of address
space and an IngestError, never the process that indexes (which may be the web
server). One worker is shared by every caller, and a lock makes callers take
turns: a web upload and the corpus watcher may read files at the same moment.

The budget is CPU time, counted in the worker, so that a long but honest PDF
is not refused because the machine is busy (a 117-page PDF took over 30 s of
wall time at a load of 10 on 2 cores); a worker that does not stop by itself
(stuck in C code) is killed after `WALL_FACTOR` times the budget in wall time.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import TypeVar

from psp_qa.errors import IngestError

TIME_BUDGET_SECONDS = 30.0
WALL_FACTOR = 4
# Address space, not resident memory: an interpreter with pypdf loaded reserves about 0.2 GB.
WORKER_MEMORY_BYTES = 2 * 1024**3

Result = TypeVar("Result")

_lock = threading.Lock()
_pool = None  # a spawned worker process, started on first use, replaced after a timeout


def _close_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.terminate()
            _pool = None


atexit.register(_close_pool)


def _worker_setup(memory_bytes: int) -> None:
    """Cap the worker's memory; pypdf logs what it repairs, but the IngestError is what the user needs."""
    import logging
    import resource

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class OverBudget(Exception):
    """What the worker returns when a parse has used its CPU budget."""


class _Spent(BaseException):
    """Raised by the timer, a BaseException so that a parser's `except Exception` cannot swallow it."""


def _on_budget_spent(signum, frame) -> None:
    raise _Spent()


def _call_within_cpu_budget(function: Callable[..., Result], args: tuple, seconds: float) -> Result:
    """`function(*args)`, stopped by SIGPROF once this process has spent `seconds` of CPU on it."""
    import signal

    signal.signal(signal.SIGPROF, _on_budget_spent)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return function(*args)
    except _Spent:
        raise OverBudget() from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _pool_locked():
    """The worker pool, started if there is none; call with `_lock` held."""
    global _pool
    if _pool is None:
        import multiprocessing

        # spawn, not fork: the caller may be a threaded web server.
        context = multiprocessing.get_context("spawn")
        _pool = context.Pool(1, initializer=_worker_setup, initargs=(WORKER_MEMORY_BYTES,), maxtasksperchild=50)
    return _pool


def _import_all(modules: tuple[str, ...]) -> None:
    import importlib

    for module in modules:
        importlib.import_module(module)


def start_worker(modules: tuple[str, ...] = ()) -> None:
    """Start the worker and import `modules` in it, without waiting: a build calls this before
    the work it does before reading (hashing, checking the previous build), so that the
    worker's start (about a second: an interpreter and pypdf) overlaps it on another core."""
    with _lock:
        _pool_locked().apply_async(_import_all, (modules,))


def run_within_budget(
    name: str,
    function: Callable[..., Result],
    args: tuple,
    seconds: float | None = None,
    kind: str = "file",
) -> Result:
    """`function(*args)` in the worker; an IngestError naming `name` if it fails or runs out of budget.

    The time budget (`TIME_BUDGET_SECONDS` of CPU unless given) starts when this
    call's turn comes, not while it waits for another's.
    """
    import multiprocessing

    seconds = TIME_BUDGET_SECONDS if seconds is None else seconds
    global _pool
    with _lock:
        pending = _pool_locked().apply_async(_call_within_cpu_budget, (function, args, seconds))
        try:
            return pending.get(timeout=seconds * WALL_FACTOR)
        except (OverBudget, multiprocessing.TimeoutError) as exc:
            if isinstance(exc, multiprocessing.TimeoutError):  # stuck where the timer cannot reach: a new worker
                _pool.terminate()
                _pool = None
            raise IngestError(
                name, f"took longer than {seconds:g} s to read; skipped (a damaged or hostile {kind}?)"
            ) from None
        except IngestError:
            raise
        except MemoryError:
            raise IngestError(
                name, f"needs more than {WORKER_MEMORY_BYTES // 1024**3} GB of memory to read; skipped"
            ) from None
        except Exception as exc:  # anything else the parser raised, or a worker that died
            raise IngestError(name, f"damaged or unreadable {kind} ({type(exc).__name__}: {exc})") from exc
