"""Load test: a mix of match queries, list pages and pipeline moves against `peitao serve` on loopback.

    python bench/load_data.py --database-url postgresql://postgres@127.0.0.1:5432/peitao_load
    python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/peitao_load \
        --workers 1,2,4 --requests 6000 --seconds 60 --concurrency 32 --runs 3

For each worker count it starts `peitao serve --workers N` on a free 127.0.0.1 port, waits until
every worker has built its index, warms up, then sends at most --requests requests (stopping early
at --seconds) from --concurrency async httpx clients, and prints throughput, p50/p95/p99 latency,
errors and the load average. Only loopback addresses are ever contacted.

Mix (weights): 40 % GET /needs/{id}/matches (a random open need: ranking + stored suggestions),
40 % list pages (needs, enterprises, matches, capabilities at random offsets), 20 % pipeline moves
(POST /matches/{id}/transition with the known version, suggested -> shortlisted -> contacted ->
sampling -> contracted). A 409 on a move counts as an error."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.core.db import make_engine  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
STAGGER_SECONDS = 0.02  # between the first requests of two clients
PIPELINE = ("suggested", "shortlisted", "contacted", "sampling", "contracted")
PASSWORD = "peitao-demo-2026"  # the demo's accounts (peitao demo)


@dataclass
class Fixture:
    need_ids: list[int]
    matches: list[list[int]]  # [match_id, version, step]
    counts: dict[str, int]


@dataclass
class Result:
    workers: int
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # seconds, by side, during the run
    offered_rps: float | None = None  # open loop: the arrival rate; closed loop: None

    def summary(self) -> dict[str, object]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return (
                round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)
                if ordered
                else 0.0
            )

        return {
            "workers": self.workers,
            "requests": len(ordered),
            "seconds": round(self.seconds, 2),
            "offered_rps": self.offered_rps,
            "rps": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "mix": self.kinds,
            "p50_ms_by_kind": {
                k: round(1000 * statistics.median(v), 1) for k, v in sorted(self.by_kind.items())
            },
            # CPU per request varies much less with the machine's speed than throughput does.
            "cpu_ms_per_request": {
                side: round(1000 * seconds / max(1, len(ordered)), 2)
                for side, seconds in self.cpu.items()
            },
            "loadavg": [round(x, 2) for x in os.getloadavg()],
            "cpu_probe_ms": cpu_probe_ms(),
        }


def _stat(pid: int | str) -> list[str]:
    """Fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_by_side(server_session: int) -> dict[str, float]:
    """CPU seconds used so far by the server (every process of its session: uvicorn and its
    workers), by PostgreSQL (every process named postgres) and by this load generator."""
    sides = {"server": 0.0, "database": 0.0, "loadgen": time.process_time()}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            fields = _stat(entry.name)
        except OSError:  # exited meanwhile
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        if int(fields[3]) == server_session:
            sides["server"] += seconds
        elif name == "postgres":
            sides["database"] += seconds
    return sides


def cpu_probe_ms() -> float:
    """CPU time of a fixed pure-Python loop: this machine's speed varies by ~40 % from one minute
    to the next (shared cores), so runs are compared against the probe, not by absolute figures."""
    started = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i * i
    return round(1000 * (time.process_time() - started), 1)


def load_fixture(database_url: str, *, seed: int) -> Fixture:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        needs = list(conn.execute(text("SELECT id FROM need WHERE status = 'open'")).scalars())
        rows = conn.execute(
            text("SELECT id, version FROM match WHERE status = 'suggested' ORDER BY id")
        ).all()
        counts = {
            t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in ("enterprise", "need", "match")
        }
    engine.dispose()
    rng = random.Random(seed)
    matches = [[int(r[0]), int(r[1]), 0] for r in rows]
    rng.shuffle(matches)
    return Fixture(need_ids=needs, matches=matches, counts=counts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    database_url: str, workers: int, log: Path, *, threads: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEITAO_")}
    env.update(
        PEITAO_DATABASE_URL=database_url,
        PEITAO_HOME_REGION="421200",
        PEITAO_SECRET_KEY="load-test-secret-key-0123456789abcdef",
    )
    if threads:
        env["PEITAO_WORKER_THREADS"] = str(threads)
    peitao = str(Path(sys.executable).with_name("peitao"))
    process = subprocess.Popen(
        [peitao, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def wait_ready(
    base: str, workers: int, process: subprocess.Popen[bytes], timeout: float
) -> None:
    """Until /healthz answers and `workers` distinct processes have answered /metrics."""
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        while len(seen) < workers:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"server not ready (exit {process.poll()}, {len(seen)} workers seen)"
                )
            try:
                async with httpx.AsyncClient(
                    base_url=base, timeout=5
                ) as fresh:  # new connection each
                    response = await fresh.get("/metrics")
                if response.status_code == 200:
                    seen.add(response.text.split("peitao_index_age_seconds ")[-1].split("\n")[0])
            except httpx.HTTPError:
                await asyncio.sleep(0.5)
            await asyncio.sleep(0.05)
        await client.get("/healthz")


async def token(base: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        response = await client.post(
            "/api/v1/auth/token", data={"username": "bureau", "password": PASSWORD}
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


LISTS = ("/api/v1/needs", "/api/v1/enterprises", "/api/v1/matches", "/api/v1/capabilities")


def next_request(
    rng: random.Random, fx: Fixture
) -> tuple[str, str, str, dict[str, object] | None, list[int] | None]:
    roll = rng.random()
    if roll < 0.4:
        need = rng.choice(fx.need_ids)
        return "match", "GET", f"/api/v1/needs/{need}/matches?top=10", None, None
    if roll < 0.8 or not fx.matches:
        path = rng.choice(LISTS)
        total = fx.counts[
            "need" if "need" in path else "match" if "match" in path else "enterprise"
        ]
        offset = rng.randrange(0, max(1, min(total, 5_000) - 20))
        return "list", "GET", f"{path}?limit=20&offset={offset}", None, None
    match = fx.matches.pop()
    to = PIPELINE[match[2] + 1]
    return (
        "move",
        "POST",
        f"/api/v1/matches/{match[0]}/transition",
        {"to": to, "version": match[1]},
        match,
    )


async def send_one(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    rng: random.Random,
    fx: Fixture,
    result: Result,
    started: float,
) -> None:
    """One request of the mix; its latency counts from `started` (for the open loop: when it
    was due, so that time spent waiting for a free connection counts too)."""
    kind, method, path, body, match = next_request(rng, fx)
    try:
        response = await client.request(method, path, json=body, headers=headers)
        status = response.status_code
    except httpx.HTTPError as exc:
        status, response = 0, None
        result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
    elapsed = time.perf_counter() - started
    result.latencies.append(elapsed)
    result.by_kind.setdefault(kind, []).append(elapsed)
    result.kinds[kind] = result.kinds.get(kind, 0) + 1
    if status and status >= 300:
        key = f"{kind} {status}"
        result.errors[key] = result.errors.get(key, 0) + 1
    elif match is not None and response is not None:
        match[1], match[2] = int(response.json()["version"]), match[2] + 1
        if match[2] + 1 < len(PIPELINE):
            fx.matches.insert(0, match)


async def drive(
    base: str,
    fx: Fixture,
    result: Result,
    *,
    total: int,
    seconds: float,
    concurrency: int,
    seed: int,
    rate: float | None = None,
) -> None:
    """Closed loop (`rate` None): `concurrency` clients, each sending its next request as soon as
    the last one is answered; this finds the throughput at which the machine is saturated.
    Open loop: requests arrive at random (Poisson) at `rate` per second, whatever the server's
    pace, over at most `concurrency` connections; this gives the latency users see at that load."""
    headers = await token(base)
    rng = random.Random(seed)
    remaining = total
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def one_client(client: httpx.AsyncClient, number: int) -> None:
        nonlocal remaining
        # Users arrive one after another, not in the same millisecond: opened all at once, the
        # connections land in one worker's accept loop, which takes every pending one.
        await asyncio.sleep(number * STAGGER_SECONDS)
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            await send_one(client, headers, rng, fx, result, time.perf_counter())

    async def arrivals(client: httpx.AsyncClient, rate: float) -> None:
        due = time.perf_counter()
        pending = set()
        for _ in range(total):
            if time.monotonic() >= deadline:
                break
            due += rng.expovariate(rate)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            task = asyncio.create_task(send_one(client, headers, rng, fx, result, due))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        started = time.monotonic()
        if rate:
            await arrivals(client, rate)
        else:
            await asyncio.gather(*(one_client(client, n) for n in range(concurrency)))
        result.seconds = time.monotonic() - started


async def run_once(
    args: argparse.Namespace, workers: int, run: int, fx: Fixture
) -> dict[str, object]:
    log = Path(args.log_dir) / f"serve-w{workers}-r{run}.log"
    process, base = start_server(args.database_url, workers, log, threads=args.threads)
    try:
        await wait_ready(base, workers, process, timeout=args.startup_timeout)
        warm = Result(workers)
        await drive(
            base, fx, warm, total=args.warmup, seconds=30, concurrency=args.concurrency, seed=run
        )
        result = Result(workers, offered_rps=args.rate)
        before = cpu_by_side(process.pid)
        await drive(
            base,
            fx,
            result,
            total=args.requests,
            seconds=args.seconds,
            concurrency=args.concurrency,
            seed=1000 + run,
            rate=args.rate,
        )
        after = cpu_by_side(process.pid)
        result.cpu = {side: after[side] - before[side] for side in before}
        return result.summary()
    finally:
        stop_server(process)


def median_of(runs: list[dict[str, object]]) -> dict[str, object]:
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "errors")
    return {
        "workers": runs[0]["workers"],
        "runs": len(runs),
        **{k: statistics.median(float(str(r[k])) for r in runs) for k in keys},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    parser.add_argument("--requests", type=int, default=6000, help="at most this many per run")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most this long per run")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="open loop: requests per second arriving at random, over at most --concurrency "
        "connections (default: closed loop, --concurrency clients back to back). Needs spare CPU "
        "for the generator: httpx over 64 connections cost ~4.5 ms per request here",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="handler threads per worker (the setting's default)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-timeout", type=float, default=600.0)
    parser.add_argument("--log-dir", default=str(ROOT / "var"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.requests > 100_000 or args.seconds > 600 or args.concurrency > 256:
        parser.error("bounded: --requests ≤ 100000, --seconds ≤ 600, --concurrency ≤ 256")
    if args.rate is not None and not 0 < args.rate <= 2000:
        parser.error("bounded: 0 < --rate ≤ 2000")
    Path(args.log_dir).mkdir(parents=True, exist_ok=True)
    fx = load_fixture(args.database_url, seed=args.seed)
    print(
        json.dumps(
            {"data": fx.counts, "open_needs": len(fx.need_ids), "movable_matches": len(fx.matches)}
        )
    )
    medians = []
    for workers in (int(w) for w in args.workers.split(",")):
        runs = []
        for run in range(args.runs):
            summary = asyncio.run(run_once(args, workers, run, fx))
            print(json.dumps(summary, ensure_ascii=False), flush=True)
            runs.append(summary)
        medians.append(median_of(runs))
    print("median of runs:")
    for line in medians:
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
