"""Upload probes against a real `peitao serve`: how fast each hostile upload is refused, and what
it costs the other clients meanwhile.

    python bench/abuse.py [--database-url URL] [--workers 1] [--rows 150000] [--clients 4]

Starts `peitao serve` on a free 127.0.0.1 port (a fresh SQLite file unless --database-url names
a database), signs in as a bureau user and creates a chain owner, then, while --clients threads
keep requesting `GET /healthz` and `GET /api/v1/enterprises?limit=20` one after another, runs each
probe in turn:

- idle: nothing, for the baseline;
- import: an honest --rows-line ledger CSV (the issue's 150,000 rows), which must be stored;
- cell bomb: a 100 MB shared-string cell in a small XLSX;
- row bomb: 500,000 rows in a few MB of XLSX;
- chunked 600 MB: a multipart body of no stated length, sent until the server answers;
- chunked JSON: 50 MB of JSON of no stated length;
- 250 bad rows: the error answer's size.

For each it prints the status, the seconds until the answer (for the import: until stored), the
bytes the client had to send, and the other clients' request count and p50/p95/max latency while
the probe ran. Only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ops.hostile_files import cell_bomb, ledger_csv, row_bomb  # noqa: E402
from tests.ops.servers import running_server  # noqa: E402
from tests.ops.world import bureau_headers, create_bureau_user  # noqa: E402

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Outcome:
    status: int
    seconds: float
    sent_bytes: int
    answer_bytes: int


class OtherClients:
    """Threads that each send one request after another and keep (start, latency) pairs."""

    def __init__(self, base: str, headers: dict[str, str], count: int) -> None:
        self.base, self.headers, self.count = base, headers, count
        self.samples: list[tuple[float, float]] = []
        self.errors = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(count)]

    def __enter__(self) -> OtherClients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _run(self, index: int) -> None:
        paths = ("/healthz", "/api/v1/enterprises?limit=20")
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=60) as client:
            turn = index
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get(paths[turn % 2]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.samples.append((started, time.perf_counter() - started))
                self.errors += 0 if ok else 1
                turn += 1
                time.sleep(0.01)

    def between(self, start: float, end: float) -> list[float]:
        return sorted(latency for at, latency in list(self.samples) if start <= at <= end)


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(fraction * len(values)))]


def upload(base: str, headers: dict[str, str], owner_id: int, name: str, data: bytes) -> Outcome:
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/v1/purchases/import",
        params={"owner_id": owner_id},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
        timeout=600,
    )
    return Outcome(
        response.status_code, time.perf_counter() - started, len(data), len(response.content)
    )


def chunked(
    base: str,
    path: str,
    headers: dict[str, str],
    content_type: str,
    total: int,
    *,
    preamble: bytes = b"",
) -> Outcome:
    """Send ``total`` bytes with Transfer-Encoding: chunked until the server answers; the body
    starts with ``preamble`` (a multipart part's head, so that the parser keeps reading)."""
    url = urlsplit(base)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {url.netloc}",
        f"Content-Type: {content_type}",
        "Transfer-Encoding: chunked",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    piece = f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n"
    started = time.perf_counter()
    sent = 0
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80)) as sock:
        sock.sendall(head + f"{len(preamble):x}\r\n".encode() + preamble + b"\r\n")
        try:
            while sent < total and not select.select([sock], [], [], 0)[0]:
                sock.sendall(piece)
                sent += CHUNK
            if sent >= total:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = _read_answer(sock)
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return Outcome(status, time.perf_counter() - started, sent, len(answer))


def _read_answer(sock: socket.socket) -> bytes:
    sock.settimeout(60)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and len(received) > 200:
                break
    except (ConnectionResetError, TimeoutError):
        pass
    return received


def setup(base: str, database_url: str) -> tuple[dict[str, str], int]:
    create_bureau_user(database_url)
    headers = bureau_headers(base)
    owner = httpx.post(
        f"{base}/api/v1/enterprises",
        json={"name": "湖北压测链主有限公司", "region_code": "421202", "roles": ["owner"]},
        headers=headers,
        timeout=30,
    )
    owner.raise_for_status()
    return headers, int(owner.json()["id"])


def probes(
    base: str, headers: dict[str, str], owner_id: int, rows: int
) -> list[tuple[str, Callable[[], Outcome | None]]]:
    honest = ledger_csv(rows, salt=str(os.getpid()))
    bombs = {"cell": cell_bomb(100), "row": row_bomb(500_000)}
    bad = b"item,supplier,supplier_region,amount,period\n" + b"a,b,999999,1,2025-03\n" * 250
    multipart = "multipart/form-data; boundary=peitao-abuse"
    part = (
        b'--peitao-abuse\r\nContent-Disposition: form-data; name="file"; filename="big.csv"'
        b"\r\nContent-Type: text/csv\r\n\r\n"
    )
    path = f"/api/v1/purchases/import?owner_id={owner_id}"
    return [
        ("idle (baseline)", lambda: time.sleep(5) or None),
        (f"import {rows:,} rows", lambda: upload(base, headers, owner_id, "big.csv", honest)),
        ("cell bomb 100 MB", lambda: upload(base, headers, owner_id, "c.xlsx", bombs["cell"])),
        ("row bomb 500,000", lambda: upload(base, headers, owner_id, "r.xlsx", bombs["row"])),
        (
            "chunked 600 MB",
            lambda: chunked(base, path, headers, multipart, 600 * 2**20, preamble=part),
        ),
        (
            "chunked JSON 50 MB",
            lambda: chunked(
                base, "/api/v1/needs", headers, "application/json", 50 * 2**20, preamble=b'{"a":"'
            ),
        ),
        ("250 bad rows", lambda: upload(base, headers, owner_id, "bad.csv", bad)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peitao-abuse-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/abuse.db"
        with running_server(url, Path(tmp) / "serve.log", workers=args.workers) as base:
            headers, owner_id = setup(base, url)
            plan = probes(base, headers, owner_id, args.rows)
            print(f"peitao serve --workers {args.workers}, {url.split(':')[0]}, load {_load()}")
            header = f"{'probe':<22} {'status':>6} {'seconds':>8} {'sent MB':>8} {'answer B':>9}"
            print(f"{header}   others: n  p50 ms  p95 ms  max ms")
            with OtherClients(base, headers, args.clients) as others:
                time.sleep(2)  # warm up
                for name, run in plan:
                    start = time.perf_counter()
                    outcome = run()
                    latencies = others.between(start, time.perf_counter())
                    print(_row(name, outcome, latencies), flush=True)
            print(f"other clients' errors: {others.errors}; load {_load()}")


def _row(name: str, outcome: Outcome | None, latencies: list[float]) -> str:
    if outcome is None:
        left = f"{name:<22} {'':>6} {'':>8} {'':>8} {'':>9}"
    else:
        left = (
            f"{name:<22} {outcome.status:>6} {outcome.seconds:>8.2f} "
            f"{outcome.sent_bytes / 2**20:>8.1f} {outcome.answer_bytes:>9,}"
        )
    ms = [1000 * v for v in latencies]
    p50 = statistics.median(ms) if ms else float("nan")
    return (
        f"{left}   {len(ms):>8} {p50:>7.1f} {_percentile(ms, 0.95):>7.1f} "
        f"{max(ms, default=float('nan')):>7.1f}"
    )


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
