"""How a pairing's score is written for people: one format on every page and in every message."""

from __future__ import annotations


def score_points(score: float) -> str:
    """A score in [0, 1] as the whole number out of 100 that pages and notifications show.

    >>> score_points(0.7349), score_points(0.5)
    ('73', '50')
    """
    return f"{score * 100:.0f}"
