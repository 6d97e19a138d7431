"""Peitao's matching engine: pure Python, no web or database imports.

Retrieval by TF-IDF over character n-grams, word tokens and synonym groups; re-ranking by title
similarity, category, certifications and locality; every result explained. See `MatchEngine`.
"""

from matching.config import Locality, MatchConfig
from matching.engine import MatchEngine
from matching.errors import NotFittedError
from matching.index import CandidateIndex
from matching.normalize import normalize, tokenize
from matching.records import MatchResult, NeedRecord, SupplierRecord
from matching.synonyms import SynonymMatcher

__all__ = [
    "CandidateIndex",
    "Locality",
    "MatchConfig",
    "MatchEngine",
    "MatchResult",
    "NeedRecord",
    "NotFittedError",
    "SupplierRecord",
    "SynonymMatcher",
    "normalize",
    "tokenize",
]
