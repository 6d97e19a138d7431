"""Scale the demo data set for the load test: 100,000 suppliers and 10,000 needs in PostgreSQL.

    python bench/load_data.py --database-url postgresql://postgres@127.0.0.1:5432/peitao_load

Creates the database if missing, migrates it, loads `peitao demo`, then copies the demo suppliers
(with their capabilities, each copy given one extra product term from another supplier so the
vocabulary is not a few hundred identical documents) and the demo needs until the targets are
reached, and pairs every copied need with three suppliers (suggested matches, for pipeline moves).
Bulk inserts through SQLAlchemy core; about a minute on a small machine. Idempotent: a database
that already holds the targets is left alone."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.core.db import make_engine  # noqa: E402
from service.enterprises.tables import Capability, Enterprise  # noqa: E402
from service.needs.tables import Need  # noqa: E402
from service.pairings.tables import Match  # noqa: E402

BATCH = 5_000


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = make_engine(str(target.set(database="postgres")))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        ).first()
        if exists is None:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def load_demo(url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEITAO_")}
    env.update(PEITAO_DATABASE_URL=url, PEITAO_HOME_REGION="421200")
    peitao = str(Path(sys.executable).with_name("peitao"))
    subprocess.run([peitao, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)


def batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def insert_returning_ids(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    for chunk in batches(rows):
        result = conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
        )
        ids += [row[0] for row in result]
    return ids


def _rows(conn: Connection, table: Any, *where: Any) -> list[dict[str, Any]]:
    return [
        dict(r._mapping) for r in conn.execute(select(table).where(*where).order_by(table.c.id))
    ]


def scale_suppliers(conn: Connection, target: int, rng: random.Random) -> list[int]:
    ent, cap = Enterprise.__table__, Capability.__table__  # type: ignore[attr-defined]
    originals = _rows(conn, ent, ent.c.is_supplier.is_(True), ent.c.is_owner.is_(False))
    caps: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(conn, cap):
        caps.setdefault(row["supplier_id"], []).append(row)
    terms = sorted({c["title"] for rows in caps.values() for c in rows})
    have = conn.execute(
        select(func.count()).select_from(ent).where(ent.c.is_supplier.is_(True))
    ).scalar_one()
    copy = 0
    while have < target:
        copy += 1
        chunk = originals[: min(len(originals), target - have)]
        firms = [
            {
                **{k: v for k, v in e.items() if k != "id"},
                "name": f"{e['name']}（{copy}号分厂）",
                "name_key": f"{e['name_key']}{copy}号分厂",
                "credit_code": None,
            }
            for e in chunk
        ]
        new_ids = insert_returning_ids(conn, ent, firms)
        cap_rows = [
            {
                **{k: v for k, v in c.items() if k != "id"},
                "supplier_id": new_id,
                "description": f"{c['description']} {rng.choice(terms)}",
            }
            for e, new_id in zip(chunk, new_ids, strict=True)
            for c in caps.get(e["id"], [])
        ]
        for part in batches(cap_rows):
            conn.execute(insert(cap), part)
        have += len(chunk)
    return [r[0] for r in conn.execute(select(ent.c.id).where(ent.c.is_supplier.is_(True)))]


def scale_needs(conn: Connection, target: int, supplier_ids: list[int], rng: random.Random) -> None:
    need, match = Need.__table__, Match.__table__  # type: ignore[attr-defined]
    originals = _rows(conn, need, need.c.status == "open")
    have = conn.execute(select(func.count()).select_from(need)).scalar_one()
    copy = 0
    while have < target:
        copy += 1
        chunk = originals[: min(len(originals), target - have)]
        rows = [
            {**{k: v for k, v in n.items() if k != "id"}, "title": f"{n['title']}（{copy}批）"}
            for n in chunk
        ]
        new_ids = insert_returning_ids(conn, need, rows)
        pairs = [
            {
                "need_id": nid,
                "supplier_id": sid,
                "score": 0.5,
                "components": {},
                "reasons": [],
                "status": "suggested",
                "declined_reason": "",
                "declined_fingerprint": "",
                "version": 1,
            }
            for nid in new_ids
            for sid in rng.sample(supplier_ids, 3)
        ]
        for part in batches(pairs):
            conn.execute(insert(match), part)
        have += len(chunk)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgresql://… (created if missing)")
    parser.add_argument("--suppliers", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    started = time.monotonic()
    ensure_database(args.database_url)
    load_demo(args.database_url)
    print(f"demo loaded in {time.monotonic() - started:.1f}s")
    engine = make_engine(args.database_url)
    rng = random.Random(args.seed)
    with engine.begin() as conn:
        supplier_ids = scale_suppliers(conn, args.suppliers, rng)
        print(f"{len(supplier_ids)} suppliers after {time.monotonic() - started:.1f}s")
        scale_needs(conn, args.needs, supplier_ids, rng)
        conn.execute(text("ANALYZE"))
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in ("enterprise", "capability", "need", "match", "user")
        }
    engine.dispose()
    print(f"done in {time.monotonic() - started:.1f}s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
