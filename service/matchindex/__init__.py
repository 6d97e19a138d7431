"""The service's adapter around the matching engine: table rows in, ranked results out."""

from service.matchindex.index import MatchIndex

__all__ = ["MatchIndex"]
