"""Several real `peitao serve` processes on one PostgreSQL database (a throwaway instance of our own):
a write through one process is seen by a match query in every other within a second."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.pairings.index import SYNC_INTERVAL_SECONDS
from tests.ops.pgcluster import Cluster, available, throwaway_cluster
from tests.ops.servers import running_server
from tests.ops.world import add_supplier, build_world, candidate_ids, create_bureau_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not available(), reason="PostgreSQL 15 server binaries are not installed"),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with throwaway_cluster() as instance:
        create_bureau_user(instance.url)
        yield instance


def test_write_in_one_process_is_matched_by_every_other_within_a_second(
    cluster: Cluster, tmp_path: Path
) -> None:
    with (
        running_server(cluster.url, tmp_path / "a.log", workers=2) as two_workers,
        running_server(cluster.url, tmp_path / "b.log") as writer,
    ):
        world = build_world(writer)
        assert candidate_ids(two_workers, world) == set()  # nothing fits yet
        supplier_id = add_supplier(writer, world.headers, "赤壁市精铸科技有限公司")
        written = time.monotonic()
        while supplier_id not in candidate_ids(two_workers, world):  # other processes look for
            assert time.monotonic() - written < 1.0  # new writes every 0.2 s: within a second
            time.sleep(0.05)
        time.sleep(SYNC_INTERVAL_SECONDS)  # by now every worker has looked
        again = [supplier_id in candidate_ids(two_workers, world) for _ in range(5)]  # both workers
        assert again == [True] * 5
        assert supplier_id in candidate_ids(writer, world)
