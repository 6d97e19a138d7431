"""Sign-in against real `peitao serve` processes sharing one database: one login throttle over both
paths, every worker and every server (an X-Forwarded-For header from the client changes nothing),
and a logout through one server ends the user's token on the other within the 5 s that a worker
keeps a user row."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from tests.ops.servers import peitao, running_server

PASSWORD = "correct horse battery"


def _guess(client: httpx.Client, path: str, password: str) -> int:
    if path == "/login":
        found = re.search(r'name="_csrf" value="([^"]+)"', client.get("/login").text)
        assert found is not None
        data = {"username": "admin", "password": password, "_csrf": found.group(1)}
        return client.post("/login", data=data).status_code
    data = {"username": "admin", "password": password}
    return client.post("/api/v1/auth/token", data=data).status_code


def test_ten_guesses_in_all_then_refused_everywhere(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'peitao.db'}"
    peitao(
        database, "create-user", "--username", "admin", "--password", PASSWORD, "--role", "bureau"
    )
    with (
        running_server(database, tmp_path / "a.log", workers=2, timeout=240) as two_workers,
        running_server(database, tmp_path / "b.log", timeout=240) as other,
    ):
        clients = [httpx.Client(base_url=base) for base in (two_workers, two_workers, other)]
        codes = [
            _guess(clients[i % 3], ("/api/v1/auth/token", "/login")[i % 2], f"guess-{i}")
            for i in range(10)
        ]
        after = [_guess(c, "/api/v1/auth/token", PASSWORD) for c in clients]
        spoofed = clients[0].post(
            "/api/v1/auth/token",
            data={"username": "someone-else", "password": "guess"},
            headers={"X-Forwarded-For": "198.51.100.9"},
        )
    assert codes == [401] * 10
    assert after == [429, 429, 429]
    assert spoofed.status_code == 429


def test_logout_through_one_server_ends_the_token_on_the_other(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'peitao.db'}"
    peitao(
        database, "create-user", "--username", "admin", "--password", PASSWORD, "--role", "bureau"
    )
    with (
        running_server(database, tmp_path / "a.log") as first,
        running_server(database, tmp_path / "b.log") as second,
    ):
        sign_in = {"username": "admin", "password": PASSWORD}
        token = httpx.post(f"{first}/api/v1/auth/token", data=sign_in).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{second}/api/v1/auth/me", headers=bearer).status_code == 200

        assert httpx.post(f"{first}/api/v1/auth/logout", headers=bearer).status_code == 204
        ended = time.monotonic()
        while httpx.get(f"{second}/api/v1/auth/me", headers=bearer).status_code == 200:
            assert time.monotonic() - ended < 6.0
            time.sleep(0.2)
        assert httpx.get(f"{first}/api/v1/auth/me", headers=bearer).status_code == 401
