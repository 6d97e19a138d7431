"""`MatchEngine`: one index family, both directions, incremental updates, explained results.

    need -> suppliers   (`suppliers_for`, `suppliers_for_batch`): a chain owner's shortlist
    capability -> needs (`needs_for`, `needs_for_batch`): what an SME browses

Both directions use `CandidateIndex` (BM25 by default) over the same tokens (character bigrams,
one-character products, word tokens with canonical code forms, synonym groups), with field weights;
re-ranking is shared (`matching.rerank`). A pair has one score whichever way it is read: the
capability -> needs direction retrieves from the need index but scores each pair as the need ->
suppliers direction does, and `score_pair` gives that score for any one pair.

Refit rule: after `fit`, changes go to a delta; `needs_refit` turns true when, for either index,
the changes since the fit exceed `refit_fraction` of the fitted documents (at least one), or when
at least max(`refit_oov_min_changes`, 1% of the fitted documents) changed (any number when
fewer than `refit_small_index` documents are fitted) and more than
`refit_oov_share` of the added documents' token occurrences are unknown to the fitted vocabulary
(new products, new words). With
`auto_refit` the engine then refits at once, from its current records.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Self, TypeVar

import numpy as np

from matching.boilerplate import strip_boilerplate
from matching.config import Locality, MatchConfig
from matching.errors import NotFittedError
from matching.index import CandidateIndex, Drift, Hits
from matching.labels import canonical_certification
from matching.normalize import base_tokens, normalize
from matching.records import MatchResult, NeedRecord, SupplierRecord
from matching.rerank import (
    DocView,
    SharedPhrases,
    locality_kind,
    reasons,
    score_pool,
    to_results,
)
from matching.synonyms import SynonymMatcher

_DIGITS = re.compile(r"\d+")
Progress = Callable[[int], object]
# a document's normalised fields: (text, weight, look for synonyms in it)
Fields = tuple[tuple[str, float, bool], ...]
# Segment and list boilerplate of company reports and business scopes (分部, 抵销, 贸易, 其他 ...):
# a firm listing many such segments is a hub, not a specialist; their bigrams count for little.
_SEGMENT_WORDS = (
    "分部 抵销 贸易 其他 其它 业务 收入 利息 内部 合计 主营 营业 经营 销售 服务 有限 公司"
)
SEGMENT_TOKENS = frozenset(_SEGMENT_WORDS.split())
R = TypeVar("R", NeedRecord, SupplierRecord)


def _category_digits(code: str) -> str:
    match = _DIGITS.search(code or "")
    return match.group(0) if match else ""


def _certs(codes: Iterable[str]) -> frozenset[str]:
    key = codes if isinstance(codes, tuple) else tuple(codes)
    return _certs_of(key) if not key or len(key) < 8 else _certs_of.__wrapped__(key)


@lru_cache(maxsize=4096)
def _certs_of(codes: tuple[str, ...]) -> frozenset[str]:
    """Catalog codes of a record's certifications (the same few tuples recur, so cached)."""
    return frozenset(canonical_certification(c) for c in codes if c.strip())


def _paced(records: Sequence[R], chunk: int, progress: Progress | None) -> Iterator[R]:
    """The records in order, reporting progress once per `chunk` of them."""
    for start in range(0, len(records), chunk):
        part = records[start : start + chunk]
        yield from part
        if progress is not None:
            progress(len(part))


class MatchEngine:
    """Matches needs and suppliers both ways.

    Examples
    --------
    >>> engine = MatchEngine(locality=Locality("421200")).fit(
    ...     suppliers=[SupplierRecord("s1", "甲公司", "铝合金压铸件 CNC加工", region="421202"),
    ...                SupplierRecord("s2", "乙公司", "注塑件 模具", region="440300")],
    ...     needs=[NeedRecord("n1", "压铸件", "铝合金 压力铸造")])
    >>> [r.candidate_id for r in engine.suppliers_for(NeedRecord("q", "铝压铸件"), top=1)]
    ['s1']
    """

    def __init__(
        self,
        *,
        config: MatchConfig | None = None,
        locality: Locality | None = None,
        synonyms: SynonymMatcher | None = None,
    ) -> None:
        self.config = config if config is not None else MatchConfig()
        self.locality = locality if locality is not None else Locality()
        self.synonyms = synonyms

    # -- tokens ------------------------------------------------------------------------------
    def _base_tokens(self, norm: str) -> list[str]:
        cfg = self.config
        return base_tokens(
            norm,
            self._ngram_range,
            codes=cfg.code_forms,
            unigrams=cfg.one_char_products,
            stems=cfg.english_stems,
        )

    def _tokens(self, norm: str) -> list[str]:
        tokens = self._base_tokens(norm)
        if self._matcher is not None:
            tokens.extend(self._matcher.tokens(norm))
        return tokens

    def _analyzer(self, fields: Fields) -> dict[str, float]:
        """Weighted term frequencies of a document's fields."""
        out: dict[str, float] = {}
        for norm, weight, synonyms in sorted(fields, key=lambda field: field[1] != 1.0):
            tokens = self._tokens(norm) if synonyms else self._base_tokens(norm)
            if weight == 1.0 and not out:  # the common case, counted in C
                out = dict(Counter(tokens))
            elif weight > 0:
                for token, count in Counter(tokens).items():
                    out[token] = out.get(token, 0.0) + count * weight
        factor = self.config.weight_segment_words
        if factor != 1.0:
            for token in SEGMENT_TOKENS.intersection(out):
                out[token] *= factor
        return out

    def _canonical_tokens(self, norm: str) -> list[str]:
        """Tokens with each synonym term replaced by its group token (`PCB` and `线路板` alike)."""
        if self._matcher is None:
            return self._base_tokens(norm)
        blanked, groups = self._matcher.canonicalize(norm)
        return self._base_tokens(blanked) + groups

    def _need_view(self, need: NeedRecord) -> tuple[DocView, Fields]:
        # the query side: without procurement frames and place names (see matching.boilerplate)
        title, description = normalize(need.title), normalize(need.description)
        if self.config.strip_boilerplate:
            title = strip_boilerplate(title)
            description = strip_boilerplate(description) if description else description
        text = f"{title} {description}".strip()
        view = DocView(
            id=need.id,
            title=title,
            text=text,  # the reasons' matched terms are read from it, as it was scored
            category=_category_digits(need.category),
            region=need.region.strip(),
            certifications=_certs(need.certifications),
            title_tokens=tuple(dict.fromkeys(self._canonical_tokens(title))),
        )
        cfg = self.config
        if cfg.weighting == "tfidf":
            return view, ((title, max(cfg.title_repeat - 1, 0), True), (text, 1.0, True))
        return view, ((title, 1.0, True), (description, cfg.weight_description, True))

    def _supplier_view(self, supplier: SupplierRecord) -> tuple[DocView, Fields]:
        name, products = normalize(supplier.name), normalize(supplier.text)
        text = f"{name} {products}".strip()
        view = DocView(
            id=supplier.id,
            title=supplier.name,  # not compared (the need's title is), so not normalised
            text=text,
            category=_category_digits(supplier.category),
            region=supplier.region.strip(),
            certifications=_certs(supplier.certifications),
        )
        if self.config.weighting == "tfidf":
            return view, ((text, 1.0, True),)
        # a firm's name is not scanned for synonyms: it rarely holds one, and the scan of every
        # name was a fifth of the time to index 100,000 suppliers
        return view, ((name, self.config.weight_supplier_name, False), (products, 1.0, True))

    def _new_index(self) -> CandidateIndex:
        cfg = self.config
        return CandidateIndex(
            analyzer=self._analyzer,
            sublinear_tf=cfg.sublinear_tf,
            max_df=cfg.max_df,
            max_df_min_docs=cfg.max_df_min_docs,
            max_query_terms=cfg.max_query_terms,
            weighting=cfg.weighting,
            k1=cfg.bm25_k1,
            b=cfg.bm25_b,
        )

    # -- fitting -----------------------------------------------------------------------------
    def fit(
        self,
        suppliers: Iterable[SupplierRecord] = (),
        needs: Iterable[NeedRecord] = (),
    ) -> Self:
        """Index suppliers and needs (both directions); a refit forgets the previous fit."""
        cfg = self.config
        self._ngram_range = (cfg.ngram_min, cfg.ngram_max)
        self._matcher: SynonymMatcher | None = None
        if cfg.use_synonyms:
            self._matcher = self.synonyms or SynonymMatcher.from_lexicon()
        self._synonym_cache: dict[int, tuple[DocView, dict[int, str]]] = {}
        self._need_queries: dict[str, tuple[DocView, dict[int, float], dict[int, float]]] = {}
        self.suppliers_: dict[str, SupplierRecord] = {}
        self.needs_: dict[str, NeedRecord] = {}
        self.supplier_views_: dict[str, DocView] = {}
        self.need_views_: dict[str, DocView] = {}
        supplier_docs: list[Fields] = []
        for supplier in suppliers:
            if supplier.id in self.suppliers_:
                raise ValueError(f"重复的供应商编号：{supplier.id}")
            view, doc = self._supplier_view(supplier)
            self.suppliers_[supplier.id] = supplier
            self.supplier_views_[supplier.id] = view
            supplier_docs.append(doc)
        need_docs: list[Fields] = []
        for need in needs:
            if need.id in self.needs_:
                raise ValueError(f"重复的需求编号：{need.id}")
            view, doc = self._need_view(need)
            self.needs_[need.id] = need
            self.need_views_[need.id] = view
            need_docs.append(doc)
        self.supplier_index_ = self._new_index().fit(list(self.suppliers_), supplier_docs)
        self.need_index_ = self._new_index().fit(list(self.needs_), need_docs)
        # views by index slot (slots only grow between fits; a removed slot keeps its old view)
        self._supplier_slots = [self.supplier_views_[i] for i in self.supplier_index_.ids_]
        self._need_slots = [self.need_views_[i] for i in self.need_index_.ids_]
        self.fitted_at_: datetime = self.supplier_index_.fitted_at_
        self.refits_ = getattr(self, "refits_", -1) + 1
        return self

    def refit(self) -> Self:
        self._check_fitted()
        return self.fit(list(self.suppliers_.values()), list(self.needs_.values()))

    def _check_fitted(self) -> None:
        if not hasattr(self, "fitted_at_"):
            raise NotFittedError(type(self).__name__)

    # -- need -> suppliers -------------------------------------------------------------------
    def suppliers_for(
        self, need: NeedRecord, *, top: int = 10, exclude: Collection[str] = ()
    ) -> list[MatchResult]:
        """The `top` suppliers for one need, best first, with scores and reasons."""
        return self.suppliers_for_batch([need], top=top, exclude=exclude)[need.id]

    def suppliers_for_batch(
        self,
        needs: Sequence[NeedRecord],
        *,
        top: int = 10,
        exclude: Collection[str] = (),
        progress: Progress | None = None,
    ) -> dict[str, list[MatchResult]]:
        """Suppliers for many needs; each need is ranked exactly as `suppliers_for` ranks it."""
        self._check_fitted()
        out: dict[str, list[MatchResult]] = {}
        for need in _paced(needs, self.config.batch_chunk, progress):
            view, doc = self._need_view(need)
            hits = self._retrieve(self.supplier_index_, self._analyzer(doc), top)
            out[view.id] = self._rank_suppliers(view, hits, top, exclude)
        return out

    def _retrieve(self, index: CandidateIndex, tokens: dict[str, float], top: int) -> Hits:
        terms, weights = index.vectorize(tokens, limit=self.config.max_query_terms)
        return index.query(terms, weights, pool=max(self.config.pool_size, top))

    def _title_weights(self, index: CandidateIndex, tokens: Sequence[str]) -> dict[str, float]:
        """IDF of each known canonical title token: the title's own TF-IDF vector, unnormalised."""
        vocab, idf = index.vocabulary_, index.idf_
        return {t: float(idf[vocab[t]]) for t in tokens if t in vocab}

    def _title_similarity(
        self, index: CandidateIndex, title_tokens: Sequence[str], doc: dict[int, float]
    ) -> float:
        """Cosine of a need's canonical title with a document's TF-IDF vector (term -> weight)."""
        weights = self._title_weights(index, title_tokens)
        if not weights:
            return 0.0
        vocab = index.vocabulary_
        dot = sum(w * doc.get(vocab[t], 0.0) for t, w in weights.items())
        return float(dot / self._title_norm(sum(w * w for w in weights.values())))

    def _title_norm(self, squares: float) -> float:
        """BM25 document weights are at most the IDF, so dividing by the sum of squared IDFs
        keeps the title score in [0, 1]; TF-IDF documents are unit vectors (a cosine)."""
        return squares if self.config.weighting == "bm25" else math.sqrt(squares)

    def _rank_suppliers(
        self, need: DocView, hits: Hits, top: int, exclude: Collection[str]
    ) -> list[MatchResult]:
        index = self.supplier_index_
        ids = index.ids_
        slots, text = hits.slots, hits.scores
        if exclude:
            keep = np.array([ids[s] not in exclude for s in slots.tolist()], dtype=bool)
            slots, text = slots[keep], text[keep]
        title = np.zeros(len(slots))
        weights = self._title_weights(index, need.title_tokens)
        if weights and len(slots):
            terms = np.array([index.vocabulary_[t] for t in weights], dtype=np.int64)
            w = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
            title = (w @ index.weights_at(slots, terms)) / self._title_norm(float(w @ w))
        by_slot = self._supplier_slots
        candidates = [by_slot[s] for s in slots.tolist()]
        ranked = score_pool(
            [need] * len(candidates),
            candidates,
            text,
            title,
            anchor=need.region or self.locality.home_region,
            candidates_are_suppliers=True,
            config=self.config,
            locality=self.locality,
            top=top,
        )
        phrases = self._phrases(need, index.vocabulary_)
        terms_shown = [self._shared(phrases, s.candidate) for s in ranked]
        home = self.locality.home_region
        why = [
            reasons(s, need, s.candidate, t, noun="企业", home_region=home)
            for s, t in zip(ranked, terms_shown, strict=True)
        ]
        return to_results(need.id, ranked, terms_shown, why)

    def _phrases(self, view: DocView, vocab: dict[str, int]) -> SharedPhrases:
        return SharedPhrases(
            view.text, informative=vocab.__contains__, synonyms=self._synonym_hits(view)
        )

    def _shared(self, phrases: SharedPhrases, other: DocView) -> tuple[str, ...]:
        limit = self.config.max_terms_shown
        return phrases.against(other.text, self._synonym_hits(other), limit=limit)

    def _synonym_hits(self, view: DocView) -> dict[int, str]:
        """Synonym groups in a view's text (first surface each), cached per view."""
        if self._matcher is None:
            return {}
        cached = self._synonym_cache.get(id(view))
        if cached is not None and cached[0] is view:
            return cached[1]
        hits: dict[int, str] = {}
        for hit in self._matcher.find(view.text):
            hits.setdefault(hit.group, hit.surface)
        if len(self._synonym_cache) > 100_000:
            self._synonym_cache.clear()
        self._synonym_cache[id(view)] = (view, hits)
        return hits

    # -- capability -> needs -----------------------------------------------------------------
    def needs_for(
        self, supplier: SupplierRecord, *, top: int = 10, exclude: Collection[str] = ()
    ) -> list[MatchResult]:
        """The `top` open needs for one supplier's capabilities."""
        return self.needs_for_batch([supplier], top=top, exclude=exclude)[supplier.id]

    def needs_for_batch(
        self,
        suppliers: Sequence[SupplierRecord],
        *,
        top: int = 10,
        exclude: Collection[str] = (),
        progress: Progress | None = None,
    ) -> dict[str, list[MatchResult]]:
        """Needs for many suppliers. Retrieval uses the need index; each pair in the pool is then
        scored as `suppliers_for` scores it, so a pair has one score whichever way it is read."""
        self._check_fitted()
        out: dict[str, list[MatchResult]] = {}
        for supplier in _paced(suppliers, self.config.batch_chunk, progress):
            view, doc = self._supplier_view(supplier)
            tokens = self._analyzer(doc)
            hits = self._retrieve(self.need_index_, tokens, top)
            out[view.id] = self._rank_needs(view, tokens, hits, top, exclude)
        return out

    def score_pair(self, need: NeedRecord, supplier: SupplierRecord) -> MatchResult:
        """The one score of a pair, with its components and reasons, as `suppliers_for` gives it
        (rank 1; the pair need not be among anyone's top results)."""
        self._check_fitted()
        need_view, _ = self._need_view(need)
        supplier_view, fields = self._supplier_view(supplier)
        text, title = self._pair_parts([need_view], self._analyzer(fields))
        ranked = score_pool(
            [need_view],
            [supplier_view],
            text,
            title,
            anchor=need_view.region or self.locality.home_region,
            candidates_are_suppliers=True,
            config=replace(self.config, min_score=0.0),
            locality=self.locality,
            top=1,
        )
        phrases = self._phrases(need_view, self.supplier_index_.vocabulary_)
        terms = [self._shared(phrases, supplier_view)]
        home = self.locality.home_region
        why = [
            reasons(ranked[0], need_view, supplier_view, terms[0], noun="企业", home_region=home)
        ]
        return to_results(need_view.id, ranked, terms, why)[0]

    def _need_query(self, need: DocView) -> tuple[dict[int, float], dict[int, float]]:
        """A need's query (term -> weight) and title weights (term -> IDF) in the supplier index,
        cached per need view."""
        cached = self._need_queries.get(need.id)
        if cached is not None and cached[0] is need:
            return cached[1], cached[2]
        record = self.needs_.get(need.id)
        fields = self._need_view(record)[1] if record is not None else ((need.text, 1.0, True),)
        index = self.supplier_index_
        terms, weights = index.vectorize(self._analyzer(fields), limit=self.config.max_query_terms)
        query = dict(zip(terms.tolist(), weights.tolist(), strict=True))
        vocab = index.vocabulary_
        title = {vocab[t]: w for t, w in self._title_weights(index, need.title_tokens).items()}
        if len(self._need_queries) > 100_000:
            self._need_queries.clear()
        self._need_queries[need.id] = (need, query, title)
        return query, title

    def _pair_parts(
        self, needs: Sequence[DocView], supplier_tokens: dict[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Text and title scores of needs against one supplier, in the supplier index."""
        terms, weights = self.supplier_index_.doc_vector(supplier_tokens)
        doc = dict(zip(terms.tolist(), weights.tolist(), strict=True))
        text = np.zeros(len(needs), dtype=np.float32)
        title = np.zeros(len(needs))
        for i, need in enumerate(needs):
            query, title_weights = self._need_query(need)
            text[i] = sum(w * doc.get(t, 0.0) for t, w in query.items())
            if title_weights:
                dot = sum(w * doc.get(t, 0.0) for t, w in title_weights.items())
                title[i] = dot / self._title_norm(sum(w * w for w in title_weights.values()))
        return text, title

    def _rank_needs(
        self,
        supplier: DocView,
        tokens: dict[str, float],
        hits: Hits,
        top: int,
        exclude: Collection[str],
    ) -> list[MatchResult]:
        index = self.need_index_
        ids = index.ids_
        views = self.need_views_
        candidates = [views[ids[slot]] for slot in hits.slots.tolist() if ids[slot] not in exclude]
        text, title = self._pair_parts(candidates, tokens)
        home = self.locality.home_region
        factor_kinds = [
            locality_kind(n.region or home, supplier.region, self.locality) for n in candidates
        ]
        ranked = score_pool(
            candidates,
            [supplier] * len(candidates),
            text,
            title,
            anchor=supplier.region or home,
            candidates_are_suppliers=False,
            config=self.config,
            locality=self.locality,
            top=top,
            factor_kinds=factor_kinds,
        )
        vocab = self.supplier_index_.vocabulary_
        terms_shown = [self._shared(self._phrases(s.candidate, vocab), supplier) for s in ranked]
        why = [
            reasons(s, s.candidate, supplier, t, noun="需求", home_region=home)
            for s, t in zip(ranked, terms_shown, strict=True)
        ]
        return to_results(supplier.id, ranked, terms_shown, why)

    # -- incremental updates -----------------------------------------------------------------
    def upsert_supplier(self, supplier: SupplierRecord) -> None:
        """Add or change a supplier; the next query sees it (a refit may follow, see the rule)."""
        self._check_fitted()
        view, doc = self._supplier_view(supplier)
        self.suppliers_[supplier.id] = supplier
        self.supplier_views_[supplier.id] = view
        self.supplier_index_.upsert(supplier.id, doc)
        self._supplier_slots.append(view)
        self._maybe_refit()

    def remove_supplier(self, supplier_id: str) -> bool:
        self._check_fitted()
        found = self.suppliers_.pop(supplier_id, None) is not None
        self.supplier_views_.pop(supplier_id, None)
        if found:
            self.supplier_index_.remove(supplier_id)
            self._maybe_refit()
        return found

    def upsert_need(self, need: NeedRecord) -> None:
        self._check_fitted()
        view, doc = self._need_view(need)
        self.needs_[need.id] = need
        self.need_views_[need.id] = view
        self.need_index_.upsert(need.id, doc)
        self._need_slots.append(view)
        self._maybe_refit()

    def remove_need(self, need_id: str) -> bool:
        self._check_fitted()
        found = self.needs_.pop(need_id, None) is not None
        self.need_views_.pop(need_id, None)
        if found:
            self.need_index_.remove(need_id)
            self._maybe_refit()
        return found

    def _drifted(self, drift: Drift) -> bool:
        cfg = self.config
        if drift.changes > max(1.0, cfg.refit_fraction * drift.fitted_docs):
            return True
        enough = drift.fitted_docs < cfg.refit_small_index or drift.changes >= max(
            cfg.refit_oov_min_changes, 0.01 * drift.fitted_docs
        )
        return enough and drift.tokens > 0 and drift.oov_tokens > cfg.refit_oov_share * drift.tokens

    @property
    def needs_refit(self) -> bool:
        self._check_fitted()
        return self._drifted(self.supplier_index_.drift()) or self._drifted(
            self.need_index_.drift()
        )

    def _maybe_refit(self) -> None:
        if self.config.auto_refit and self.needs_refit:
            self.refit()

    def stats(self) -> dict[str, Any]:
        self._check_fitted()
        sup, need = self.supplier_index_.drift(), self.need_index_.drift()
        return {
            "suppliers": len(self.suppliers_),
            "needs": len(self.needs_),
            "supplier_vocabulary": len(self.supplier_index_.vocabulary_),
            "need_vocabulary": len(self.need_index_.vocabulary_),
            "fitted_at_": self.fitted_at_.isoformat(),
            "refits": self.refits_,
            "pending_supplier_changes": sup.changes,
            "pending_need_changes": need.changes,
            "needs_refit": self.needs_refit,
            "config": self.config.to_json(),
            "synonyms": len(self._matcher.canonical) if self._matcher is not None else 0,
        }
