"""Import a chain owner's purchase ledger (采购台账) file: all rows or none.

Contract (API ``POST /purchases/import`` and ``peitao import-ledger`` alike):

- The file is XLSX or CSV (UTF-8 with or without BOM, GBK/GB18030), with the columns of
  ``peitao ledger-report`` (``item,supplier,supplier_region,amount,period``; optional
  ``category,chain,supplier_credit_code``). The ``owner`` column is optional and its value is
  ignored: every row belongs to the owner the import is made for.
- Every bad row is reported as ``row N: reason`` (the header is row 1) and nothing is stored.
  Besides the ledger report's checks, a stored row must fit the tables: amounts in yuan with at most
  two decimals, item and supplier names of at most 200 characters, a ``category`` that is a
  GB/T 4754 code or name, a ``chain`` that is a deployed chain's code or name, and a valid
  ``supplier_credit_code``.
- Re-importing the same bytes (sha256) for the same owner stores nothing and says ``duplicate``.
- Suppliers are linked to registered enterprises: the exact credit code first, then the best
  ``rapidfuzz.fuzz.ratio`` between ``name_key``s at or above ``settings.ledger_link_threshold``.
  The region stated in the file is kept for every line (linked or not), so the figures of an
  imported ledger equal ``peitao ledger-report``'s for the same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from catalogs.chains import load_chains
from catalogs.credit_code import credit_code_error
from catalogs.industries import load_industries
from service.core.errors import Invalid, NotFound, PeitaoError
from service.core.tables import utcnow
from service.core.tabular import (
    Row,
    Table,
    TableError,
    excerpt,
    read_table_bytes,
    require_columns,
)
from service.core.text import item_key, name_key
from service.enterprises.tables import Enterprise
from service.ledger import LedgerLine, parse_amount, parse_ledger
from service.ledger.lines import REQUIRED_COLUMNS, canonical_columns
from service.ledger.tables import LedgerImport, Purchase

Progress = Callable[[Sequence[Any], str], Iterable[Any]]
MAX_NAME = 200
CREDIT_CODE_COLUMN = "supplier_credit_code"
_CREDIT_ALIASES = ("供应商统一社会信用代码", "供应商信用代码", "统一社会信用代码")


MAX_LISTED_ERRORS = 100
MAX_ERROR_CHARS = 300


class LedgerRefused(PeitaoError):
    """A file refused whole: 422 with ``{"detail": ..., "errors": ["row N: ...", ...]}``.

    At most the first ``MAX_LISTED_ERRORS`` errors are listed (``error_count`` has them all), each
    cut to ``MAX_ERROR_CHARS``: an answer never grows with the file it refuses."""

    status_code = 422

    def __init__(self, errors: Sequence[str]):
        listed = [_shortened(e) for e in errors[:MAX_LISTED_ERRORS]]
        more = f"（仅列出前 {len(listed)} 处）" if len(errors) > len(listed) else ""
        super().__init__(
            f"台账文件有 {len(errors)} 处错误{more}，未导入任何记录",
            extra={"errors": listed, "error_count": len(errors)},
        )
        self.errors = listed
        self.error_count = len(errors)


def _shortened(error: str) -> str:
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: int
    rows: int
    linked: int
    unlinked: int
    duplicate: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "import_id": self.import_id,
            "rows": self.rows,
            "linked": self.linked,
            "unlinked": self.unlinked,
            "duplicate": self.duplicate,
        }


def _no_progress(items: Sequence[Any], _label: str) -> Iterable[Any]:
    return items


def import_ledger(
    session: Session,
    *,
    owner_id: int,
    data: bytes,
    filename: str = "",
    link_threshold: float = 92.0,
    progress: Progress | None = None,
) -> ImportResult:
    """Check, link and store one ledger file for ``owner_id``; raise ``LedgerRefused`` if bad.

    Runs in a worker thread or the CLI, never on an event loop: a large file takes seconds."""
    owner = session.get(Enterprise, owner_id)
    if owner is None:
        raise NotFound(f"企业 {owner_id} 不存在")
    if not owner.is_owner:
        raise Invalid(f"企业 {owner_id} 不是链主企业", field="owner_id")
    digest = hashlib.sha256(data).hexdigest()
    if (previous := _previous_import(session, owner_id, digest)) is not None:
        return _duplicate(session, previous)
    table = _read(data, filename, owner.name)
    lines, credit_codes = _checked_lines(table)
    steps = progress or _no_progress
    linker = SupplierLinker(session, threshold=link_threshold)
    links = [
        linker.link(line.supplier, credit_codes.get(line.row))
        for line in steps(lines, "关联供应商")
    ]
    record, created = _claim(session, owner_id, filename, digest, len(lines))
    if not created:  # a concurrent import stored the same bytes first
        return _duplicate(session, record)
    assert record.id is not None
    rows = [
        _purchase_row(owner_id, record.id, line, link)
        for line, link in zip(lines, links, strict=True)
    ]
    _store(session, steps(rows, "写入台账"))
    linked = sum(1 for link in links if link is not None)
    return ImportResult(record.id, len(lines), linked, len(lines) - linked)


def _previous_import(session: Session, owner_id: int, digest: str) -> LedgerImport | None:
    return session.exec(
        select(LedgerImport).where(LedgerImport.owner_id == owner_id, LedgerImport.sha256 == digest)
    ).first()


def _claim(
    session: Session, owner_id: int, filename: str, digest: str, rows: int
) -> tuple[LedgerImport, bool]:
    """This import's new record, or the one a concurrent import of the same bytes committed
    first (the unique owner + sha256 decides): the loser then answers as a re-import does."""
    record = LedgerImport(owner_id=owner_id, filename=filename[:256], sha256=digest, rows=rows)
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # nothing else was written in this unit of work yet
        previous = _previous_import(session, owner_id, digest)
        if previous is None:
            raise
        return previous, False
    return record, True


_BATCH_ROWS = 2000


def _store(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Bulk inserts of ``_BATCH_ROWS`` rows (an ORM object per line cost most of an import)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH_ROWS:
            session.execute(insert(Purchase), batch)
            batch = []
    if batch:
        session.execute(insert(Purchase), batch)


def _duplicate(session: Session, previous: LedgerImport) -> ImportResult:
    assert previous.id is not None
    links = session.exec(
        select(Purchase.supplier_id).where(Purchase.import_id == previous.id)
    ).all()
    linked = sum(1 for s in links if s is not None)
    return ImportResult(previous.id, len(links), linked, len(links) - linked, duplicate=True)


def _read(data: bytes, filename: str, owner_name: str) -> Table:
    try:
        table = canonical_columns(read_table_bytes(data, filename))
        table = _with_owner(_rename_credit_code(table), owner_name)
        require_columns(table, REQUIRED_COLUMNS)
    except TableError as exc:
        raise LedgerRefused([str(exc)]) from exc
    if not table.rows:
        raise LedgerRefused(["row 2: 台账没有数据行"])
    return table


def _rename_credit_code(table: Table) -> Table:
    if CREDIT_CODE_COLUMN in table.columns:
        return table
    alias = next((c for c in table.columns if c in _CREDIT_ALIASES), None)
    if alias is None:
        return table
    rows = tuple(
        Row(r.number, {(CREDIT_CODE_COLUMN if k == alias else k): v for k, v in r.values.items()})
        for r in table.rows
    )
    return Table(tuple(CREDIT_CODE_COLUMN if c == alias else c for c in table.columns), rows)


def _with_owner(table: Table, owner_name: str) -> Table:
    """Every row belongs to the import's owner, whatever its ``owner`` cell says."""
    rows = tuple(Row(r.number, {**r.values, "owner": owner_name}) for r in table.rows)
    columns = table.columns if "owner" in table.columns else ("owner", *table.columns)
    return Table(columns, rows)


def _checked_lines(table: Table) -> tuple[list[LedgerLine], dict[int, str]]:
    """Parsed lines with category/chain resolved to codes, or ``LedgerRefused`` listing all rows."""
    lines, errors = parse_ledger(table)
    reasons: dict[int, list[str]] = {e.row: [e.reason] for e in errors}
    resolved: dict[int, tuple[str | None, str | None]] = {}
    credit_codes: dict[int, str] = {}
    for row in table.rows:
        extra, category, chain = _store_checks(row)
        if extra:
            reasons.setdefault(row.number, []).extend(extra)
        resolved[row.number] = (category, chain)
        if code := row.get(CREDIT_CODE_COLUMN):
            credit_codes[row.number] = code.upper()
    if reasons:
        raise LedgerRefused([f"row {n}: {'；'.join(reasons[n])}" for n in sorted(reasons)])
    return [_resolved(line, *resolved[line.row]) for line in lines], credit_codes


def _resolved(line: LedgerLine, category: str | None, chain: str | None) -> LedgerLine:
    return LedgerLine(
        owner=line.owner,
        item=line.item,
        supplier=line.supplier,
        supplier_region=line.supplier_region,
        amount=line.amount,
        period=line.period,
        row=line.row,
        category=category,
        chain=chain,
    )


def _store_checks(row: Row) -> tuple[list[str], str | None, str | None]:
    reasons = [
        f"{label}超过 {MAX_NAME} 个字符"
        for column, label in (("item", "采购品名称"), ("supplier", "供应商名称"))
        if len(row.get(column)) > MAX_NAME
    ]
    reasons += _amount_cents(row.get("amount"))
    category = chain = None
    if text := row.get("category"):
        category = load_industries().resolve(text)
        if category is None:
            reasons.append(f"未知的行业类别：{excerpt(text)}（应为 GB/T 4754 代码或名称）")
    if text := row.get("chain"):
        chain = resolve_chain(text)
        if chain is None:
            reasons.append(f"未知的产业链：{excerpt(text)}")
    if (code := row.get(CREDIT_CODE_COLUMN)) and (error := credit_code_error(code)):
        reasons.append(f"供应商统一社会信用代码无效：{error}")
    return reasons, category, chain


def _amount_cents(text: str) -> list[str]:
    try:
        amount = parse_amount(text)
    except ValueError:
        return []  # parse_ledger reports it
    if amount != amount.quantize(Decimal("0.01")):
        return [f"金额最多保留两位小数：{excerpt(text)}"]
    if amount >= Decimal("1e14"):
        return [f"金额过大：{excerpt(text)}"]
    return []


def resolve_chain(text: str) -> str | None:
    """A deployed chain's code from its code or its name (NFKC, spaces ignored), or None."""
    key = name_key(text)
    for chain in load_chains(None):
        if key in (name_key(chain.code), name_key(chain.name)):
            return chain.code
    return None


class SupplierLinker:
    """Links ledger supplier names to registered enterprises (credit code, then fuzzy name)."""

    def __init__(self, session: Session, *, threshold: float) -> None:
        rows = session.exec(
            select(Enterprise.id, Enterprise.name_key, Enterprise.credit_code)
        ).all()
        self._by_code = {code: id_ for id_, _, code in rows if code and id_ is not None}
        self._by_key = {key: id_ for id_, key, _ in rows if id_ is not None}
        self._threshold = threshold
        self._seen: dict[str, int | None] = {}

    def link(self, supplier: str, credit_code: str | None = None) -> int | None:
        if credit_code and credit_code in self._by_code:
            return self._by_code[credit_code]
        key = name_key(supplier)
        if key not in self._seen:
            self._seen[key] = self._by_name(key)
        return self._seen[key]

    def _by_name(self, key: str) -> int | None:
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        best = process.extractOne(
            key, self._by_key.keys(), scorer=fuzz.ratio, score_cutoff=self._threshold
        )
        return None if best is None else self._by_key[best[0]]


def _purchase_row(
    owner_id: int, import_id: int, line: LedgerLine, supplier_id: int | None
) -> dict[str, Any]:
    """One ``purchase`` row for a bulk insert."""
    return {
        "owner_id": owner_id,
        "import_id": import_id,
        "item": line.item,
        "item_key": item_key(line.item),
        "category": line.category or "",
        "chain_code": line.chain,
        "supplier_name": line.supplier,
        "supplier_key": name_key(line.supplier),
        "supplier_id": supplier_id,
        "supplier_region": line.supplier_region,
        "amount": line.amount,
        "period": str(line.period),
        "row_number": line.row,
        "created_at": utcnow(),
    }
