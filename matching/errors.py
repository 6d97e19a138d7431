"""Errors raised by the matching engine."""

from __future__ import annotations


class NotFittedError(RuntimeError):
    """Raised when an index or engine is queried before `fit` was called."""

    def __init__(self, what: str = "MatchEngine") -> None:
        super().__init__(
            f"{what} 尚未建立索引：请先调用 fit()（{what} is not fitted yet; call fit() first)"
        )
