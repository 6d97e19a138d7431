"""Typed dependencies every domain shares: the session (commit at the request boundary), settings."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from anyio import CancelScope, CapacityLimiter, to_thread
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from sqlmodel import Session

from service.core.config import Settings
from service.core.db import end_session


async def get_settings_dep(request: Request) -> Settings:  # async: no thread for a lookup
    settings: Settings = request.app.state.settings
    return settings


_ENDED = "peitao.ended"  # Session.info key: this unit of work was committed and closed already


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work (see `session_scope`). Async: opening a session does no I/O.
    An API endpoint commits and closes it in its own worker thread (`UnitOfWorkRoute`); any
    other use, or an error, ends it here with one hop to a worker thread."""
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    except BaseException:
        await _end(session, commit=False)
        raise
    if not session.info.get(_ENDED):
        await _end(session, commit=True)


async def _end(session: Session, *, commit: bool) -> None:
    # Shielded: a cancelled request still gives its connection back. Its own limiter, as FastAPI
    # does for sync dependencies: waiting for one of the handler threads, all of them perhaps
    # blocked on the connection pool that this session holds a connection of, could deadlock.
    with CancelScope(shield=True):
        await to_thread.run_sync(
            functools.partial(end_session, session, commit=commit), limiter=CapacityLimiter(1)
        )


def _run_and_commit(endpoint: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    result = endpoint(**kwargs)
    for value in kwargs.values():
        if isinstance(value, Session):
            end_session(value, commit=True)
            value.info[_ENDED] = True
    return result


class UnitOfWorkRoute(APIRoute):
    """An API route whose sync endpoint runs, and commits its session, in one worker thread.

    FastAPI would hop to a worker thread for the endpoint, again to validate its return value
    (it might load lazy attributes) and again to end the session. Each hop wakes a thread and
    hands the interpreter lock over, which under load cost about as much as a short query. Our
    endpoints return schema objects built in the thread, so validating them needs no thread."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            sync_endpoint = endpoint

            @functools.wraps(sync_endpoint)  # FastAPI reads the parameters through __wrapped__
            async def endpoint(**values: Any) -> Any:
                return await run_in_threadpool(_run_and_commit, sync_endpoint, values)

        super().__init__(path, endpoint, **kwargs)


# scope="function": commit before the response is sent, so a failed commit is never answered 201.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
