"""Run a parser in a worker process with a time and memory budget.

A damaged or hostile file can make a parser loop, recurse or allocate without
end; in a worker it costs at most `seconds`, `WORKER_MEMORY_BYTES` of address
space and an IngestError, never the process that indexes (which may be the web
server). One worker is shared by every caller, and a lock makes callers take
turns: a web upload and the corpus watcher may read files at the same moment.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import TypeVar

from psp_qa.errors import IngestError

TIME_BUDGET_SECONDS = 30.0
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


def run_within_budget(
    name: str,
    function: Callable[..., Result],
    args: tuple,
    seconds: float | None = None,
    kind: str = "file",
) -> Result:
    """`function(*args)` in the worker; an IngestError naming `name` if it fails or runs out of budget.

    The time budget (`TIME_BUDGET_SECONDS` unless given) starts when this call's
    turn comes, not while it waits for another's.
    """
    import multiprocessing

    seconds = TIME_BUDGET_SECONDS if seconds is None else seconds
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the caller may be a threaded web server.
            context = multiprocessing.get_context("spawn")
            _pool = context.Pool(1, initializer=_worker_setup, initargs=(WORKER_MEMORY_BYTES,), maxtasksperchild=50)
        pending = _pool.apply_async(function, args)
        try:
            return pending.get(timeout=seconds)
        except multiprocessing.TimeoutError:
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
