"""Ledger imports in a process of their own, so that a large file never slows the other requests.

Checking and storing 150,000 lines is seconds of pure Python. In a worker thread it still shares
the interpreter lock (and the garbage collector's pauses over its objects) with every request
the worker serves; in a child process it shares only the CPU. Each serving process keeps one child
(``spawn``: no copy of the server's threads or connections), so uploads to one worker wait for
each other there, not in the request threads' way. The child opens its own connection and commits
the whole file or nothing, as ``peitao import-ledger`` does.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from service.core.errors import PeitaoError

Answer = tuple[int, dict[str, Any]]  # HTTP status and JSON body

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


class ImportWorkerLost(PeitaoError):
    status_code = 503


def import_in_child(
    *, database_url: str, owner_id: int, data: bytes, filename: str, link_threshold: float
) -> Answer:
    """Run one import and answer it; blocks the calling thread (a request's worker thread)."""
    future = _executor().submit(_import, database_url, owner_id, data, filename, link_threshold)
    try:
        return future.result()
    except BrokenProcessPool as exc:
        _forget_pool()
        raise ImportWorkerLost("导入进程意外退出，请稍后重试") from exc


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return _pool


def _forget_pool() -> None:
    global _pool
    with _pool_lock:
        _pool = None


def _import(
    database_url: str, owner_id: int, data: bytes, filename: str, link_threshold: float
) -> Answer:
    """In the child: the import in one unit of work on a connection of its own."""
    import service.tables  # noqa: F401  (every table and flush hook, as the CLI loads them)
    from service.core.db import make_engine, make_sessionmaker, session_scope
    from service.ledger.importing import import_ledger

    engine = make_engine(database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            result = import_ledger(
                session,
                owner_id=owner_id,
                data=data,
                filename=filename,
                link_threshold=link_threshold,
            )
    except PeitaoError as exc:
        return exc.status_code, exc.body()
    finally:
        engine.dispose()
    return (200 if result.duplicate else 201), result.as_json()
