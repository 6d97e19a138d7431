"""A regular install serves: the wheel carries every template, static file, migration and catalog
file the service reads. Run from a folder outside the checkout, with the installed `peitao`."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import httpx

from tests.ops.installed import Installed
from tests.ops.pgcluster import free_port
from tests.ops.servers import ROOT

SECRET = "install-test-secret-key-of-enough-length-0123"


def test_the_wheel_carries_every_data_file_the_packages_use(installed: Installed) -> None:
    (wheel,) = (installed.home.parent / "wheels").glob("peitao-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(
        ["git", "ls-files", "service", "matching", "catalogs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    missing = [f for f in tracked if not f.endswith(".py") and f not in packed]
    assert missing == []


def test_installed_demo_and_serve_answer_pages_static_files_and_health(
    installed: Installed, tmp_path: Path
) -> None:
    env = installed.env(
        PEITAO_DATABASE_URL=f"sqlite:///{tmp_path / 'peitao.db'}",
        PEITAO_SECRET_KEY=SECRET,
    )
    demo = subprocess.run(
        [installed.peitao, "demo"], cwd=installed.home, env=env, capture_output=True, timeout=600
    )
    assert demo.returncode == 0, demo.stderr.decode()[-2000:]
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [installed.peitao, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=installed.home,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base, server, tmp_path / "serve.log")
        for path in ("/", "/login", "/static/app.css", "/static/vendor/echarts.min.js", "/healthz"):
            assert httpx.get(base + path, timeout=10).status_code == 200, path
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import time

    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert server.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "the installed service never became healthy"
        time.sleep(0.3)
