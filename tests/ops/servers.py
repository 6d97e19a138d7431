"""Real `peitao serve` processes on free loopback ports, for multi-process and fault tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.ops.pgcluster import free_port

PEITAO = str(Path(sys.executable).with_name("peitao"))
ROOT = Path(__file__).resolve().parents[2]
SECRET = "ops-test-secret-key-of-enough-length-0123456789"


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEITAO_")}
    env.update(
        PEITAO_DATABASE_URL=database_url,
        PEITAO_HOME_REGION="421200",
        PEITAO_SECRET_KEY=SECRET,
        **extra,
    )
    return env


def peitao(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PEITAO, *args],
        env=server_env(database_url),
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
        timeout=300,
    )


@contextmanager
def running_server(
    database_url: str, log: Path, *, workers: int = 1, timeout: float = 90.0
) -> Iterator[str]:
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                PEITAO,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=server_env(database_url),
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process, timeout)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"peitao serve did not start (exit {process.poll()})")
        time.sleep(0.2)
