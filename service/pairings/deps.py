"""The match index as a typed dependency, the one way API routes and pages reach it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.pairings.index import IndexUnavailable, MatchIndex


async def optional_index(request: Request) -> MatchIndex | None:  # async: no thread for a lookup
    """The process's index, or None before the lifespan has built it."""
    index: MatchIndex | None = getattr(request.app.state, "match_index", None)
    return index


async def get_index(index: Annotated[MatchIndex | None, Depends(optional_index)]) -> MatchIndex:
    if index is None:
        raise IndexUnavailable("匹配索引尚未就绪，请稍后重试")
    return index


IndexDep = Annotated[MatchIndex, Depends(get_index)]
OptionalIndexDep = Annotated[MatchIndex | None, Depends(optional_index)]
