"""Server CPU per request, by kind: what each request of the load mix costs the serving process.

    python bench/request_cost.py --database-url postgresql://postgres@127.0.0.1:5432/peitao_load

Starts `peitao serve` (one worker, as bench/load.py does), then for each kind sends --requests
requests one after another over one keep-alive connection and reads the worker's CPU time from
/proc before and after. CPU time, unlike latency, hardly depends on what else the machine is doing,
so this is the figure to compare before and after a change to the request path. `db_cpu_ms` is
PostgreSQL's CPU for the same requests (every process named postgres)."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # noqa: E402
    LISTS,
    PIPELINE,
    ROOT,
    cpu_by_side,
    load_fixture,
    start_server,
    stop_server,
    token,
    wait_ready,
)


def requests_of_kind(kind: str, fx, n: int) -> list[tuple[str, str, dict | None, list | None]]:
    if kind == "match":
        return [
            ("GET", f"/api/v1/needs/{fx.need_ids[i]}/matches?top=10", None, None) for i in range(n)
        ]
    if kind.startswith("list"):
        path = kind.split(":", 1)[1]
        return [("GET", f"{path}?limit=20&offset={(i * 37) % 4000}", None, None) for i in range(n)]
    moves = []
    for match in fx.matches[:n]:
        moves.append(
            (
                "POST",
                f"/api/v1/matches/{match[0]}/transition",
                {"to": PIPELINE[1], "version": match[1]},
                match,
            )
        )
    del fx.matches[:n]
    return moves


def measure(client: httpx.Client, pid: int, batch) -> dict[str, float]:
    latencies = []
    errors = 0
    before = cpu_by_side(pid)
    for method, path, body, _ in batch:
        started = time.perf_counter()
        response = client.request(method, path, json=body)
        latencies.append(time.perf_counter() - started)
        errors += response.status_code >= 300
    after = cpu_by_side(pid)
    return {
        "cpu_ms": round(1000 * (after["server"] - before["server"]) / len(batch), 2),
        "db_cpu_ms": round(1000 * (after["database"] - before["database"]) / len(batch), 2),
        "p50_ms": round(1000 * statistics.median(latencies), 2),
        "errors": errors,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--kinds", default="", help="comma-separated subset, e.g. match,move")
    parser.add_argument("--log-dir", default=str(ROOT / "var"))
    args = parser.parse_args(argv)
    if args.requests > 5000:
        parser.error("bounded: --requests ≤ 5000")
    Path(args.log_dir).mkdir(parents=True, exist_ok=True)
    fx = load_fixture(args.database_url, seed=11)
    process, base = start_server(args.database_url, 1, Path(args.log_dir) / "request-cost.log")
    kinds = ["match", *(f"list:{p}" for p in LISTS), "move"]
    if args.kinds:
        kinds = [k for k in kinds if k in args.kinds.split(",")]
    try:
        asyncio.run(wait_ready(base, 1, process, timeout=600))
        headers = asyncio.run(token(base))
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for kind in kinds:
                measure(client, process.pid, requests_of_kind(kind, fx, 30))  # warm up
                figures = measure(client, process.pid, requests_of_kind(kind, fx, args.requests))
                print(json.dumps({"kind": kind, **figures}), flush=True)
    finally:
        stop_server(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
