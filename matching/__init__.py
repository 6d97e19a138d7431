"""Peitao's matching engine: pure Python, no web or database imports.

Retrieval by BM25 over character bigrams, one-character products, word tokens with canonical code
forms and synonym groups, with field weights (a need's title over its description, a supplier's
products over its name); re-ranking by title coverage, category, certifications and locality;
one score per pair, reasons from whole words. See `MatchEngine`.
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
