"""Closed by default in production: the API docs only when PEITAO_PUBLIC_DOCS says so, /metrics
only for configured addresses or the holder of PEITAO_METRICS_TOKEN."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.core.config import Settings

SECRET = "a-real-production-secret-of-enough-length"
DOCS = ("/docs", "/openapi.json", "/redoc")


def _client(settings: Settings, peer: str = "203.0.113.5") -> TestClient:
    return TestClient(create_app(settings, migrate=False), client=(peer, 40000))


@pytest.fixture
def production(settings: Settings) -> Settings:
    return settings.model_copy(update={"environment": "production", "secret_key": SECRET})


@pytest.fixture
def metrics_client(settings: Settings) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={"metrics_token": "scrape-me", "metrics_allow": ("10.9.0.0/16",)}
    )
    with _client(configured) as client:
        yield client


class TestDocs:
    def test_closed_in_production(self, production: Settings) -> None:
        with _client(production) as client:
            assert {path: client.get(path).status_code for path in DOCS} == dict.fromkeys(DOCS, 404)

    def test_opened_in_production_when_asked(self, production: Settings) -> None:
        with _client(production.model_copy(update={"public_docs": True})) as client:
            assert {path: client.get(path).status_code for path in DOCS} == dict.fromkeys(DOCS, 200)

    def test_open_in_development_unless_closed(self, settings: Settings) -> None:
        with _client(settings) as client:
            assert client.get("/openapi.json").status_code == 200
        with _client(settings.model_copy(update={"public_docs": False})) as client:
            assert client.get("/openapi.json").status_code == 404

    def test_environment_variable_switches_them(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PEITAO_ENVIRONMENT", "production")
        monkeypatch.setenv("PEITAO_SECRET_KEY", SECRET)
        assert Settings().docs_public is False
        monkeypatch.setenv("PEITAO_PUBLIC_DOCS", "true")
        assert Settings().docs_public is True


class TestMetricsAccess:
    REFUSED = (403, {"detail": "无权访问监控指标"})

    def test_refused_to_anyone_else(self, metrics_client: TestClient) -> None:
        response = metrics_client.get("/metrics")
        assert (response.status_code, response.json()) == self.REFUSED

    def test_the_token_opens_it(self, metrics_client: TestClient) -> None:
        response = metrics_client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
        assert response.status_code == 200
        assert "peitao_http_requests_total" in response.text

    def test_a_wrong_token_does_not(self, metrics_client: TestClient) -> None:
        response = metrics_client.get("/metrics", headers={"Authorization": "Bearer scrape-you"})
        assert (response.status_code, response.json()) == self.REFUSED

    def test_a_configured_address_reads_it(self, settings: Settings) -> None:
        allowed = settings.model_copy(update={"metrics_allow": ("10.9.0.0/16",)})
        with _client(allowed, peer="10.9.3.4") as client:
            assert client.get("/metrics").status_code == 200

    def test_loopback_is_allowed_by_default(self, settings: Settings) -> None:
        with _client(settings, peer="127.0.0.1") as client:
            assert client.get("/metrics").status_code == 200

    def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(
        self, metrics_client: TestClient
    ) -> None:
        response = metrics_client.get("/metrics", headers={"X-Forwarded-For": "10.9.3.4"})
        assert (response.status_code, response.json()) == self.REFUSED

    def test_behind_a_trusted_proxy_the_client_address_counts(self, settings: Settings) -> None:
        proxied = settings.model_copy(
            update={"metrics_allow": ("10.9.0.0/16",), "trusted_proxies": ("192.0.2.1",)}
        )
        with _client(proxied, peer="192.0.2.1") as client:
            inside = client.get("/metrics", headers={"X-Forwarded-For": "10.9.3.4"})
            outside = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert (inside.status_code, outside.status_code) == (200, 403)
