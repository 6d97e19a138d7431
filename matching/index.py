"""The retrieval stage: a TF-IDF index over our tokens, queried by walking the query's postings.

`CandidateIndex` is a scikit-learn-style estimator: the constructor stores parameters; `fit`
learns `vocabulary_`, `idf_`, `postings_` (terms x documents, CSR, sorted) and `ids_`. A query
walks only its terms' postings: their slices are concatenated and summed with one `np.bincount`
(no sparse matrix is built per query, which cost more than the arithmetic); a sampled threshold
then picks the pool without partitioning every touched document. A batch is the same query per
need, so batch and single results are identical by construction. `weights_at` reads documents'
weights for given terms by binary search in the sorted postings (re-ranking uses it).

Incremental updates go to a small delta (documents vectorised with the fitted vocabulary and IDF)
and a tombstone mask over the fitted documents; the owner refits when `drift()` says so.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matching.errors import NotFittedError

Analyzer = Callable[[Any], list[str] | Mapping[str, float]]
FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Hits:
    """The retrieval pool of one query: candidate slots and their cosine scores, best first."""

    slots: IntArray
    scores: FloatArray


@dataclass(frozen=True, slots=True)
class Drift:
    changes: int  # upserts and removals since the fit
    fitted_docs: int
    tokens: int  # token occurrences in documents added since the fit
    oov_tokens: int  # ... of which unknown to the fitted vocabulary


class CandidateIndex:
    """TF-IDF retrieval over pre-normalised documents.

    Parameters
    ----------
    analyzer : callable
        Turns one document into its tokens, or into weighted term frequencies (a mapping; field
        weights such as a need's title over its description).
    sublinear_tf, max_df, max_df_min_docs, max_query_terms :
        See `MatchConfig`.
    weighting, k1, b :
        "tfidf" (cosine) or "bm25" (saturated term frequency, length-normalised by `b`).

    Examples
    --------
    >>> from matching.normalize import base_tokens
    >>> index = CandidateIndex(analyzer=base_tokens).fit(["a", "b"], ["铝合金 压铸", "塑料 注塑"])
    >>> hits = index.query_batch([index.vectorize(base_tokens("压铸件"))], pool=5)[0]
    >>> [index.ids_[s] for s in hits.slots]
    ['a']
    """

    def __init__(
        self,
        *,
        analyzer: Analyzer,
        sublinear_tf: bool = True,
        max_df: float = 1.0,
        max_df_min_docs: int = 0,
        max_query_terms: int = 40,
        weighting: str = "tfidf",
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        if weighting not in ("tfidf", "bm25"):
            raise ValueError("weighting must be 'tfidf' or 'bm25'")
        self.analyzer = analyzer
        self.weighting = weighting
        self.k1 = k1
        self.b = b
        self.sublinear_tf = sublinear_tf
        self.max_df = max_df
        self.max_df_min_docs = max_df_min_docs
        self.max_query_terms = max_query_terms

    # -- fitting ---------------------------------------------------------------------------
    def _frequencies(self, doc: Any) -> Mapping[str, float]:
        tokens = self.analyzer(doc)
        return tokens if isinstance(tokens, Mapping) else Counter(tokens)

    def fit(self, ids: Sequence[str], docs: Sequence[Any]) -> Self:
        """Learn the vocabulary and IDF from `docs` and index them."""
        if len(ids) != len(docs):
            raise ValueError("ids and docs differ in length")
        self.ids_: list[str] = list(ids)
        self.slot_: dict[str, int] = {doc_id: i for i, doc_id in enumerate(self.ids_)}
        if len(self.slot_) != len(self.ids_):
            raise ValueError("duplicate ids")
        n_docs = len(docs)
        self.n_fitted_ = n_docs
        counts, self.vocabulary_, lengths = self._count(docs)
        self.idf_: FloatArray = self._idf(counts)
        self.avgdl_ = float(lengths.mean()) if n_docs else 1.0
        matrix = self._weigh(counts, lengths)
        self.postings_: sparse.csr_matrix = matrix.T.tocsr()
        self.postings_.sort_indices()
        self._indptr: IntArray = self.postings_.indptr.astype(np.int64)
        self.alive_ = np.ones(n_docs, dtype=bool)
        self.n_dead_ = 0
        self.delta_rows_: dict[int, tuple[IntArray, FloatArray]] = {}
        self.delta_postings_: dict[int, dict[int, float]] = {}
        self.changes_ = 0
        self.added_tokens_ = 0
        self.added_oov_ = 0
        self.fitted_at_ = datetime.now(UTC)
        return self

    def _count(
        self, docs: Sequence[Any]
    ) -> tuple[sparse.csr_matrix, dict[str, int], npt.NDArray[np.float64]]:
        """Documents x terms term frequencies, without the terms in more than `max_df` of them,
        and each document's length (its frequencies summed, pruned terms included, as
        `doc_vector` counts it)."""
        vocab: dict[str, int] = {}
        # typed arrays, not lists: 100,000 documents make ~7 million entries, which as Python
        # ints and floats would add a few hundred MB to the peak while fitting
        indptr = array("q", [0])
        indices = array("i")
        values = array("f")
        for doc in docs:
            frequencies = self._frequencies(doc)
            indices.extend([vocab.setdefault(token, len(vocab)) for token in frequencies])
            values.extend(frequencies.values())
            indptr.append(len(indices))
        n_docs = len(docs)
        counts = sparse.csr_matrix(
            (
                np.frombuffer(values, dtype=np.float32),
                np.frombuffer(indices, dtype=np.int32),
                np.frombuffer(indptr, dtype=np.int64),
            ),
            shape=(n_docs, len(vocab)),
        )
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        if n_docs and self.max_df < 1.0 and n_docs >= self.max_df_min_docs:
            df = np.bincount(counts.indices, minlength=len(vocab))
            keep = df <= self.max_df * n_docs
            if not keep.all():
                new_id = np.cumsum(keep) - 1
                counts = counts[:, np.flatnonzero(keep)].tocsr()
                vocab = {t: int(new_id[j]) for t, j in vocab.items() if keep[j]}
        return counts, vocab, lengths

    def _idf(self, counts: sparse.csr_matrix) -> FloatArray:
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        if self.weighting == "bm25":
            idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        else:  # scikit-learn's smoothed IDF
            idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        return np.asarray(idf, dtype=np.float32)

    def _weigh(self, counts: sparse.csr_matrix, lengths: npt.NDArray[np.float64]) -> Any:
        """Document weights: BM25 (saturated, length-normalised, at most the IDF) or TF-IDF (L2)."""
        matrix = counts.astype(np.float32, copy=True)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        tf = matrix.data.astype(np.float64)
        if self.weighting == "bm25":
            k1, b = self.k1, self.b
            norm = k1 * (1.0 - b + b * lengths[rows] / max(self.avgdl_, 1e-9))
            matrix.data = (
                self.idf_[matrix.indices] * tf * (k1 + 1) / (tf + norm) / (k1 + 1)
            ).astype(np.float32)
            return matrix
        if self.sublinear_tf:
            tf = np.where(tf > 1.0, 1.0 + np.log(np.maximum(tf, 1.0)), tf)
        data = tf * self.idf_[matrix.indices]
        squares = np.bincount(rows, data * data, minlength=counts.shape[0])
        matrix.data = (data / np.sqrt(np.maximum(squares[rows], 1e-30))).astype(np.float32)
        return matrix

    def _check_fitted(self) -> None:
        if not hasattr(self, "fitted_at_"):
            raise NotFittedError(type(self).__name__)

    # -- vectors ---------------------------------------------------------------------------
    def vectorize(
        self, tokens: Sequence[str] | Mapping[str, float], *, limit: int | None = None
    ) -> tuple[IntArray, FloatArray]:
        """Query vector of tokens (or weighted term frequencies), as (term ids, weights).

        TF-IDF: sublinear tf x IDF, L2-normalised (the product with a document is the cosine).
        BM25: each term's frequency capped at 1, divided by the sum of frequency x IDF over the
        query, so the product with a document (weights at most the IDF) lies in [0, 1].
        With `limit`, only the highest-weighted terms are kept.
        """
        self._check_fitted()
        vocab, idf = self.vocabulary_, self.idf_
        frequencies = tokens if isinstance(tokens, Mapping) else Counter(tokens)
        terms: list[int] = []
        weights: list[float] = []
        bm25 = self.weighting == "bm25"
        for token, count in frequencies.items():
            term = vocab.get(token)
            if term is not None and count > 0:
                if bm25:
                    tf = min(float(count), 1.0)
                else:
                    tf = 1.0 + math.log(count) if self.sublinear_tf and count > 1 else float(count)
                terms.append(term)
                weights.append(tf * float(idf[term]))
        idx = np.asarray(terms, dtype=np.int64)
        w = np.asarray(weights, dtype=np.float32)
        if limit is not None and len(w) > limit:
            keep = np.argsort(-w, kind="stable")[:limit]
            idx, w = idx[keep], w[keep]
        if bm25:
            total = float(np.dot(w, idf[idx])) if len(idx) else 0.0
            return idx, (w / idf[idx] / total if total > 0 else w).astype(np.float32)
        norm = float(np.sqrt(np.dot(w, w)))
        if norm > 0:
            w = w / norm
        return idx, w

    def doc_vector(
        self, tokens: Sequence[str] | Mapping[str, float]
    ) -> tuple[IntArray, FloatArray]:
        """A document's weights under the fitted vocabulary and statistics (for the delta)."""
        self._check_fitted()
        if self.weighting != "bm25":
            return self.vectorize(tokens)
        frequencies = tokens if isinstance(tokens, Mapping) else Counter(tokens)
        length = float(sum(frequencies.values()))
        k1, b = self.k1, self.b
        norm = k1 * (1.0 - b + b * length / max(self.avgdl_, 1e-9))
        vocab, idf = self.vocabulary_, self.idf_
        pairs = [(vocab[t], tf) for t, tf in frequencies.items() if t in vocab and tf > 0]
        idx = np.asarray([p[0] for p in pairs], dtype=np.int64)
        tf = np.asarray([p[1] for p in pairs], dtype=np.float64)
        w = idf[idx] * tf * (k1 + 1) / (tf + norm) / (k1 + 1) if len(idx) else tf
        return idx, np.asarray(w, dtype=np.float32)

    # -- queries ---------------------------------------------------------------------------
    def query(self, terms: IntArray, weights: FloatArray, *, pool: int) -> Hits:
        """The `pool` best documents by cosine for one query vector.

        Walks the query terms' postings with numpy into a per-thread accumulator the size of the
        fitted corpus (no sparse matrix is built per query); only the touched documents are read
        back and reset.
        """
        self._check_fitted()
        slots, scores = self._walk(terms, weights)
        if self.n_dead_:
            keep = self.alive_[slots]
            slots, scores = slots[keep], scores[keep]
        if self.delta_postings_:
            slots, scores = self._add_delta(terms, weights, slots, scores)
        return _top(slots, scores, pool, repeats=len(terms))

    def query_batch(
        self, vectors: Sequence[tuple[IntArray, FloatArray]], *, pool: int
    ) -> list[Hits]:
        """`query` for each vector; batch and single results are identical by construction."""
        return [self.query(terms, weights, pool=pool) for terms, weights in vectors]

    def _walk(self, terms: IntArray, weights: FloatArray) -> tuple[IntArray, FloatArray]:
        """Cosine with every fitted document sharing a term (repeated once per shared term)."""
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        if not self.n_fitted_ or not len(terms):
            return empty
        indptr, indices, data = self._indptr, self.postings_.indices, self.postings_.data
        docs: list[npt.NDArray[np.int32]] = []
        values: list[FloatArray] = []
        bounds = zip(indptr[terms].tolist(), indptr[terms + 1].tolist(), strict=True)
        for (lo, hi), weight in zip(bounds, weights.tolist(), strict=True):
            if hi > lo:
                docs.append(indices[lo:hi])
                values.append(data[lo:hi] * np.float32(weight))
        if not docs:
            return empty
        touched = np.concatenate(docs)
        dense = np.bincount(touched, np.concatenate(values), minlength=self.n_fitted_)
        # a document appears once per shared term: `_top` keeps one of each (cheaper than
        # scanning the whole dense array for its non-zeros)
        return touched.astype(np.int64), dense[touched].astype(np.float32)

    def contains(self, slots: IntArray, terms: IntArray) -> npt.NDArray[np.bool_]:
        """Boolean matrix (terms x slots): does document `slot` contain term `term`?"""
        return self.weights_at(slots, terms) > 0

    def weights_at(self, slots: IntArray, terms: IntArray) -> FloatArray:
        """Matrix (terms x slots) of the documents' TF-IDF weights for the terms (0 if absent)."""
        out = np.zeros((len(terms), len(slots)), dtype=np.float32)
        if not len(slots) or not len(terms):
            return out
        fitted = slots < self.n_fitted_
        fitted_slots = slots[fitted].astype(self.postings_.indices.dtype)
        indptr, indices = self._indptr, self.postings_.indices
        bounds = zip(indptr[terms].tolist(), indptr[terms + 1].tolist(), strict=True)
        for row, (lo, hi) in enumerate(bounds):
            if hi > lo and len(fitted_slots):
                docs = indices[lo:hi]
                at = np.searchsorted(docs, fitted_slots)
                at[at >= len(docs)] = len(docs) - 1
                found = docs[at] == fitted_slots
                out[row, fitted] = np.where(found, self.postings_.data[lo:hi][at], 0.0)
        if not fitted.all():
            for col in np.flatnonzero(~fitted).tolist():
                delta = self.delta_rows_.get(int(slots[col]))
                if delta is not None:
                    doc = dict(zip(delta[0].tolist(), delta[1].tolist(), strict=True))
                    out[:, col] = [doc.get(t, 0.0) for t in terms.tolist()]
        return out

    def _add_delta(
        self, terms: IntArray, weights: FloatArray, slots: IntArray, scores: FloatArray
    ) -> tuple[IntArray, FloatArray]:
        acc: dict[int, float] = {}
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            for slot, value in self.delta_postings_.get(term, {}).items():
                acc[slot] = acc.get(slot, 0.0) + weight * value
        if not acc:
            return slots, scores
        extra_slots = np.fromiter(acc.keys(), dtype=np.int64, count=len(acc))
        extra_scores = np.fromiter(acc.values(), dtype=np.float32, count=len(acc))
        return np.concatenate([slots, extra_slots]), np.concatenate([scores, extra_scores])

    # -- incremental updates -----------------------------------------------------------------
    def upsert(self, doc_id: str, doc: Any) -> None:
        """Add or replace one document; visible to the next query, without a refit."""
        self._check_fitted()
        self._drop(doc_id)
        tokens = self._frequencies(doc)
        terms, weights = self.doc_vector(tokens)
        slot = len(self.ids_)
        self.ids_.append(doc_id)
        self.slot_[doc_id] = slot
        self.delta_rows_[slot] = (terms, weights)
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            self.delta_postings_.setdefault(term, {})[slot] = weight
        vocab = self.vocabulary_
        self.added_tokens_ += len(tokens)
        self.added_oov_ += sum(1 for t in tokens if t not in vocab)
        self.changes_ += 1

    def remove(self, doc_id: str) -> bool:
        """Remove one document; False when it is not indexed."""
        self._check_fitted()
        found = self._drop(doc_id)
        if found:
            self.changes_ += 1
        return found

    def _drop(self, doc_id: str) -> bool:
        slot = self.slot_.pop(doc_id, None)
        if slot is None:
            return False
        if slot < self.n_fitted_:
            self.alive_[slot] = False
            self.n_dead_ += 1
            return True
        terms, _ = self.delta_rows_.pop(slot)
        for term in terms.tolist():
            postings = self.delta_postings_[term]
            del postings[slot]
            if not postings:
                del self.delta_postings_[term]
        return True

    def drift(self) -> Drift:
        self._check_fitted()
        return Drift(self.changes_, self.n_fitted_, self.added_tokens_, self.added_oov_)

    def __len__(self) -> int:
        return len(self.slot_) if hasattr(self, "slot_") else 0


def _top(slots: IntArray, scores: FloatArray, pool: int, repeats: int = 1) -> Hits:
    """The `pool` highest scores, best first, each slot once; ties broken by slot.

    `slots` may repeat (with equal scores, at most `repeats` times). With many candidates, a threshold from a sample of
    the scores first drops most of them (one comparison instead of a partition over all); exact,
    since it is only kept when at least `pool` distinct slots reach it.
    """
    positive = scores > 0
    if not positive.all():
        slots, scores = slots[positive], scores[positive]
    wanted = 2 * pool * max(repeats, 1)  # the best documents repeat most
    if len(scores) > 8 * wanted:
        sample = scores[:: max(1, len(scores) // 2048)]
        k = min(len(sample), wanted * len(sample) // len(scores) + 1)
        threshold = sample[np.argpartition(sample, len(sample) - k)[len(sample) - k]]
        keep = scores >= threshold
        if np.count_nonzero(keep) >= pool:
            kept_slots, kept_scores = _distinct(slots[keep], scores[keep])
            if len(kept_slots) >= pool:
                return _best(kept_slots, kept_scores, pool)
    return _best(*_distinct(slots, scores), pool)


def _distinct(slots: IntArray, scores: FloatArray) -> tuple[IntArray, FloatArray]:
    unique, first = np.unique(slots, return_index=True)
    return unique, scores[first]


def _best(slots: IntArray, scores: FloatArray, pool: int) -> Hits:
    if len(scores) > pool:
        part = np.argpartition(-scores, pool - 1)[:pool]
        slots, scores = slots[part], scores[part]
    order = np.lexsort((slots, -scores))
    return Hits(slots=slots[order], scores=scores[order].astype(np.float32))
