"""Faults: PostgreSQL stopped and restarted under load (a throwaway instance of our own), two people
moving the same pairing at once, and a ledger import killed halfway."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from service.core.db import make_engine
from service.ledger.tables import LedgerImport, Purchase
from tests.factories import make_enterprise
from tests.ops.pgcluster import Cluster, available, throwaway_cluster
from tests.ops.servers import PEITAO, ROOT, running_server, server_env
from tests.ops.world import World, add_supplier, build_world, create_bureau_user

needs_pg_binaries = pytest.mark.skipif(
    not available(), reason="PostgreSQL 15 server binaries are not installed"
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not available():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    with throwaway_cluster() as instance:
        create_bureau_user(instance.url)
        yield instance


@pytest.fixture(scope="module")
def served(
    cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, World]]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(cluster.url, log) as base:
        world = build_world(base)
        add_supplier(base, world.headers, "赤壁市精铸科技有限公司")
        yield base, world


class Load:
    """Threads reading lists and matches and creating needs until stopped; every answer recorded."""

    def __init__(self, base: str, world: World) -> None:
        self.base, self.world = base, world
        self.answers: list[tuple[str, int, str]] = []
        self.created: list[int] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(3)]
        self._lock = threading.Lock()

    def _one(self, client: httpx.Client, kind: int, n: int) -> None:
        h = self.world.headers
        if kind == 0:
            response = client.get("/api/v1/needs", headers=h, params={"limit": 20})
        elif kind == 1:
            response = client.get(f"/api/v1/needs/{self.world.need_id}/matches", headers=h)
        else:
            response = client.post(
                "/api/v1/needs",
                headers=h,
                json={"owner_id": self.world.owner_id, "title": f"故障测试需求{n}"},
            )
        with self._lock:
            self.answers.append((response.request.method, response.status_code, response.text))
            if response.status_code == 201:
                self.created.append(int(response.json()["id"]))

    def _run(self, kind: int) -> None:
        n = 0
        with httpx.Client(base_url=self.base, timeout=30) as client:  # a loaded CI box is slow
            while not self._stop.is_set():
                n += 1
                try:
                    self._one(client, kind, kind * 100_000 + n)
                except httpx.TransportError as exc:  # the service itself must stay up
                    with self._lock:
                        self.answers.append(("transport", 0, repr(exc)))
                time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def _until(predicate: object, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


@needs_pg_binaries
@pytest.mark.postgres
def test_database_outage_under_load_fails_cleanly_and_recovers(
    served: tuple[str, World], cluster: Cluster
) -> None:
    base, world = served
    with Load(base, world) as load:
        time.sleep(1.0)
        cluster.stop()
        down = httpx.get(f"{base}/healthz", timeout=10)
        assert (down.status_code, down.json()) == (
            503,
            {"status": "unavailable", "database": "down"},
        )
        time.sleep(1.5)
        during = len(load.answers)
        cluster.start()
        recovered_in = _until(
            lambda: httpx.get(f"{base}/healthz", timeout=10).status_code == 200, 30
        )
        time.sleep(1.5)
    statuses = Counter(status for _method, status, _body in load.answers)
    transport = [body for method, _s, body in load.answers if method == "transport"]
    assert transport == [], "the service process itself never went away"
    assert set(statuses) <= {200, 201, 503}, statuses
    assert statuses[503] > 0
    assert during > 0
    failures = [body for _m, status, body in load.answers if status == 503]
    assert all(body == '{"detail":"数据库暂时不可用，请稍后重试"}' for body in failures), failures[
        :3
    ]
    assert not any("Traceback" in body or "psycopg" in body for _m, _s, body in load.answers)
    # After the restart every kind of request works again, without restarting the service.
    tail = load.answers[-9:]
    assert {status for _m, status, _b in tail} <= {200, 201}, tail
    assert recovered_in < 30
    # Nothing half-written: exactly the needs that were answered 201 exist, each with its change row.
    engine = make_engine(cluster.url)
    with engine.connect() as conn:
        stored = set(
            conn.execute(text("SELECT id FROM need WHERE title LIKE '故障测试需求%'")).scalars()
        )
        logged = set(
            conn.execute(text("SELECT entity_id FROM index_change WHERE entity = 'need'")).scalars()
        )
    engine.dispose()
    assert stored == set(load.created)
    assert stored <= logged


@needs_pg_binaries
@pytest.mark.postgres
def test_two_people_moving_one_match_at_once_never_lose_an_update(
    served: tuple[str, World],
) -> None:
    base, world = served
    outcomes: list[tuple[int, ...]] = []
    for round_ in range(6):
        supplier_id = add_supplier(base, world.headers, f"通城县并发测试{round_}号有限公司")
        created = httpx.post(
            f"{base}/api/v1/matches",
            headers=world.headers,
            json={"need_id": world.need_id, "supplier_id": supplier_id},
        )
        match = created.json()
        barrier = threading.Barrier(2)
        codes: list[int] = []
        body = {"version": match["version"], "reason": "产能已满"}
        url = f"/api/v1/matches/{match['id']}/transition"

        def move(to: str, gate: threading.Barrier = barrier, out: list[int] = codes) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                gate.wait()
                answer = client.post(url, headers=world.headers, json={**body, "to": to})  # noqa: B023
                out.append(answer.status_code)

        threads = [threading.Thread(target=move, args=(to,)) for to in ("shortlisted", "declined")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        final = httpx.get(f"{base}/api/v1/matches/{match['id']}", headers=world.headers).json()
        outcomes.append((*sorted(codes), final["version"] - match["version"], len(final["events"])))
    assert outcomes == [(200, 409, 1, 1)] * 6


def _ledger_csv(path: Path, rows: int) -> None:
    lines = ["owner,item,supplier,supplier_region,amount,period"]
    for i in range(rows):
        lines.append(
            f"示例链主,零件{i % 997},供应商{i % 331}有限公司,{'421202' if i % 3 else '420100'},"
            f"{1000 + i},2025-{1 + i % 12:02d}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _counts(session: Session) -> tuple[int, int]:
    session.expire_all()
    return (
        session.exec(select(func.count()).select_from(Purchase)).one(),
        session.exec(select(func.count()).select_from(LedgerImport)).one(),
    )


def test_ledger_import_killed_halfway_leaves_nothing_behind(
    database_url: str, session: Session, tmp_path: Path
) -> None:
    owner_id = make_enterprise(session, name="示例链主有限公司", owner=True, supplier=False).id
    session.close()  # hold no locks while another process imports (PostgreSQL lock queue)
    ledger = tmp_path / "ledger.csv"
    _ledger_csv(ledger, 5_000)
    process = subprocess.Popen(
        [PEITAO, "import-ledger", str(ledger), "--owner", str(owner_id)],
        env=server_env(database_url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    seen = b""
    while (
        b"\xe5\x86\x99\xe5\x85\xa5\xe5\x8f\xb0\xe8\xb4\xa6" not in seen
    ):  # "写入台账": rows being stored
        chunk = process.stderr.read1(4096)  # type: ignore[attr-defined]
        assert chunk, f"import ended before storing rows: {seen.decode(errors='replace')[-500:]}"
        seen += chunk
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _counts(session) == (0, 0)
    again = subprocess.run(
        [PEITAO, "import-ledger", str(ledger), "--owner", str(owner_id), "--quiet"],
        env=server_env(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert '"rows": 5000' in again.stdout
    assert '"duplicate": false' in again.stdout
    assert _counts(session) == (5_000, 1)
