"""A real `peitao serve` on a free loopback port, over a temporary SQLite database with the demo data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PEITAO = str(Path(sys.executable).with_name("peitao"))
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEITAO_")}
    env.update(
        PEITAO_DATABASE_URL=database_url,
        PEITAO_HOME_REGION="421200",
        PEITAO_SECRET_KEY="browser-test-secret-key-of-enough-length",
    )
    return env


def load_demo(database_url: str) -> None:
    subprocess.run(
        [PEITAO, "demo"], env=server_env(database_url), cwd=ROOT, check=True, capture_output=True
    )


@contextmanager
def running_server(database_url: str, *, timeout: float = 60.0) -> Iterator[str]:
    port = free_port()
    log = open(Path(database_url.removeprefix("sqlite:///")).with_suffix(".log"), "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [PEITAO, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env(database_url),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("peitao serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
