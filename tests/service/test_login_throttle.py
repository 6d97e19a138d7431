"""One login throttle for the deployment: failures counted in the database per account and per
client address, over both sign-in paths, shared by every app instance on the database; another
account's success resets nothing; X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.accounts.throttle import LoginThrottle, account_key, address_key
from service.app import create_app
from service.core.addresses import client_address
from service.core.config import Settings
from tests.factories import make_user

PASSWORD = "correct horse battery"  # tests.factories' password
LIMIT = 3
WINDOW = 300
PROXY = "10.0.0.1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "login_max_failures": LIMIT,
            "login_window_seconds": WINDOW,
            "trusted_proxies": (PROXY,),
        }
    )


@pytest.fixture
def second_client(settings: Settings) -> Iterator[TestClient]:
    """Another app instance (another worker or replica) on the same database."""
    with TestClient(create_app(settings, migrate=False)) as other:
        yield other


def _frozen(*clients: TestClient) -> None:
    """Stop the throttle's clock, so that the wait it names is exact."""
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for client in clients:
        client.app.state.login_throttle = LoginThrottle(  # type: ignore[attr-defined]
            max_failures=LIMIT, window=timedelta(seconds=WINDOW), clock=lambda: now
        )


def _api(client: TestClient, username: str, password: str, **headers: str) -> int:
    data = {"username": username, "password": password}
    return int(client.post("/api/v1/auth/token", data=data, headers=headers).status_code)


def _page(client: TestClient, username: str, password: str) -> int:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    form = {"username": username, "password": password, "_csrf": found.group(1)}
    return int(client.post("/login", data=form, follow_redirects=False).status_code)


class TestOneCountForTheDeployment:
    def test_failures_on_both_paths_and_both_instances_add_up(
        self, client: TestClient, second_client: TestClient, session: Session
    ) -> None:
        _frozen(client, second_client)
        user = make_user(session, role=UserRole.bureau)
        codes = [
            _api(client, user.username, "wrong-1"),
            _page(second_client, user.username, "wrong-2"),
            _api(second_client, user.username, "wrong-3"),
        ]
        refused = client.post(
            "/api/v1/auth/token", data={"username": user.username, "password": PASSWORD}
        )

        assert codes == [401, 401, 401]
        assert refused.status_code == 429
        assert refused.json() == {"detail": f"登录失败次数过多，请 {WINDOW} 秒后再试"}
        assert refused.headers["retry-after"] == str(WINDOW)
        assert _page(second_client, user.username, PASSWORD) == 429

    def test_locked_page_login_says_why(self, client: TestClient, session: Session) -> None:
        _frozen(client)
        user = make_user(session, role=UserRole.bureau)
        for _ in range(LIMIT):
            _page(client, user.username, "wrong")
        found = re.search(r'name="_csrf" value="([^"]+)"', client.get("/login").text)
        assert found is not None
        form = {"username": user.username, "password": PASSWORD, "_csrf": found.group(1)}
        response = client.post("/login", data=form, follow_redirects=False)
        assert response.status_code == 429
        assert f"登录失败次数过多，请 {WINDOW} 秒后再试" in response.text
        assert response.headers["retry-after"] == str(WINDOW)


class TestWhatCounts:
    def test_another_accounts_success_does_not_reset_the_address(
        self, client: TestClient, session: Session
    ) -> None:
        mine = make_user(session, role=UserRole.bureau)
        codes = [_api(client, f"victim{i}", "guess") for i in range(LIMIT - 1)]
        codes.append(_api(client, mine.username, PASSWORD))
        codes.append(_api(client, "victim9", "guess"))
        codes.append(_api(client, "victim10", "guess"))
        assert codes == [401] * (LIMIT - 1) + [200, 401, 429]

    def test_success_clears_only_its_own_account(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        throttle: LoginThrottle = client.app.state.login_throttle  # type: ignore[attr-defined]
        _api(client, user.username, "wrong")
        _api(client, user.username, PASSWORD)
        assert throttle.count(session, account_key(user.username)) == 0
        assert throttle.count(session, address_key("testclient")) == 1

    def test_an_account_is_counted_across_addresses(
        self, settings: Settings, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        app = create_app(settings, migrate=False)
        codes = []
        for i in range(LIMIT + 1):  # every guess from a new address
            with TestClient(app, client=(f"192.0.2.{i + 1}", 40000)) as guesser:
                codes.append(_api(guesser, user.username, "wrong" if i < LIMIT else PASSWORD))
        assert codes == [401] * LIMIT + [429]

    def test_window_passes_and_the_account_may_try_again(
        self, client: TestClient, session: Session
    ) -> None:
        now = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
        client.app.state.login_throttle = LoginThrottle(  # type: ignore[attr-defined]
            max_failures=2, window=timedelta(seconds=60), clock=lambda: now[0]
        )
        user = make_user(session, role=UserRole.bureau)
        codes = [_api(client, user.username, "wrong") for _ in range(2)]
        codes.append(_api(client, user.username, PASSWORD))
        now[0] += timedelta(seconds=61)
        codes.append(_api(client, user.username, PASSWORD))
        assert codes == [401, 401, 429, 200]


class TestForwardedFor:
    def test_a_client_cannot_escape_by_writing_the_header(
        self, client: TestClient, session: Session
    ) -> None:
        codes = [
            _api(client, f"nobody{i}", "guess", **{"X-Forwarded-For": f"198.51.100.{i}"})
            for i in range(LIMIT + 1)
        ]
        assert codes == [401] * LIMIT + [429]

    def test_behind_a_trusted_proxy_each_client_has_its_own_count(
        self, settings: Settings, session: Session
    ) -> None:
        with TestClient(create_app(settings, migrate=False), client=(PROXY, 40000)) as proxy:
            first = [
                _api(proxy, f"nobody{i}", "guess", **{"X-Forwarded-For": "198.51.100.7"})
                for i in range(LIMIT + 1)
            ]
            other = _api(proxy, "someone", "guess", **{"X-Forwarded-For": "198.51.100.8"})
        assert first == [401] * LIMIT + [429]
        assert other == 401

    @pytest.mark.parametrize(
        ("peer", "header", "expected"),
        [
            ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # untrusted peer: header ignored
            (PROXY, "198.51.100.7", "198.51.100.7"),
            (PROXY, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim is left
            (PROXY, "198.51.100.7, 10.0.0.1", "198.51.100.7"),  # a chain of trusted proxies
            (PROXY, "not-an-address", PROXY),
            (PROXY, "", PROXY),
        ],
    )
    def test_client_address(self, peer: str, header: str, expected: str) -> None:
        assert client_address(peer, header, (PROXY, "10.0.0.0/24")) == expected
