"""Operations over HTTP: request ids, JSON access logs without secrets, Prometheus /metrics, security
headers (pages still load their own scripts), the upload ceiling, bad XLSX. (Login throttling:
tests/service/test_login_throttle.py.)"""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.core.config import Settings
from service.ops.headers import content_security_policy, inline_handlers
from service.ops.logs import JsonFormatter, redact
from tests.factories import auth_headers, make_enterprise, make_user

PASSWORD = "correct horse battery"  # tests.factories' password
METRICS_TOKEN = "metrics-token-for-tests"
METRICS = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test client is no configured address: it reads /metrics with the token."""
    return settings.model_copy(update={"metrics_token": METRICS_TOKEN})


class TestRequestId:
    def test_sent_id_is_echoed(self, client: TestClient) -> None:
        response = client.get("/healthz", headers={"X-Request-ID": "req-42.a"})
        assert response.headers["x-request-id"] == "req-42.a"

    def test_missing_or_unsafe_id_is_replaced(self, client: TestClient) -> None:
        generated = client.get("/healthz").headers["x-request-id"]
        unsafe = client.get("/healthz", headers={"X-Request-ID": 'x"}\n{"forged": 1'}).headers[
            "x-request-id"
        ]
        assert re.fullmatch(r"[0-9a-f]{32}", generated)
        assert re.fullmatch(r"[0-9a-f]{32}", unsafe)
        assert generated != unsafe


class TestJsonLogs:
    def test_access_line_has_request_id_route_status_and_duration(self, client: TestClient) -> None:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        logging.getLogger("peitao").addHandler(handler)
        try:
            client.get("/api/v1/needs/999999", headers={"X-Request-ID": "trace-1"})
        finally:
            logging.getLogger("peitao").removeHandler(handler)
        (line,) = [json.loads(x) for x in stream.getvalue().splitlines() if "trace-1" in x]
        assert {
            k: line[k] for k in ("logger", "request_id", "method", "path", "route", "status")
        } == {
            "logger": "peitao.access",
            "request_id": "trace-1",
            "method": "GET",
            "path": "/api/v1/needs/999999",
            "route": "/api/v1/needs/{need_id}",
            "status": 404,
        }
        assert isinstance(line["duration_ms"], float)
        assert line["level"] == "info"

    def test_no_password_token_or_secret_in_logs(
        self, client: TestClient, session: Session, settings: object
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.addHandler(handler)  # everything that propagates, uvicorn and sqlalchemy included
        previous = root.level
        root.setLevel(logging.DEBUG)
        try:
            token = auth_headers(client, user)["Authorization"].split()[1]
            client.post(
                "/api/v1/auth/token", data={"username": user.username, "password": "wrong-pass-123"}
            )
            client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            client.get(f"/api/v1/needs?access_token={token}&password={PASSWORD}")
            logging.getLogger("peitao").error(
                "connect postgresql://app:hunter2@db/x password=%s", "hunter2"
            )
        finally:
            root.removeHandler(handler)
            root.setLevel(previous)
        text = stream.getvalue()
        assert "peitao.access" in text
        for secret in (
            PASSWORD,
            "wrong-pass-123",
            token,
            "hunter2",
            "test-secret-key-with-at-least-32-bytes",
        ):
            assert secret not in text

    def test_redact_keys_in_reprs(self) -> None:
        assert redact("{'password_hash': '$argon2id$v=19$m=65536', 'name': 'x'}") == (
            "{'password_hash': '***', 'name': 'x'}"
        )

    def test_redact(self) -> None:
        assert redact("password=abc&x=1 token: t0k Bearer a.b.c postgresql://u:pw@h/db") == (
            "password=***&x=1 token: *** Bearer *** postgresql://u:***@h/db"
        )


class TestMetrics:
    def test_prometheus_text_with_route_templates_and_index(self, client: TestClient) -> None:
        client.get("/api/v1/needs/1")
        client.get("/api/v1/needs/2")
        client.get("/api/v1/chains")
        response = client.get("/metrics", headers=METRICS)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
        body = response.text
        assert (
            'peitao_http_requests_total{method="GET",route="/api/v1/needs/{need_id}",status="404"} 2'
            in body
        )
        assert (
            'peitao_http_requests_total{method="GET",route="/api/v1/chains",status="200"} 1' in body
        )
        assert (
            'peitao_http_request_duration_seconds_count{method="GET",route="/api/v1/needs/{need_id}"} 2'
            in body
        )
        assert (
            'peitao_http_request_duration_seconds_bucket{method="GET",route="/api/v1/chains",le="+Inf"} 1'
            in body
        )
        assert re.search(r"^peitao_index_suppliers 0$", body, re.M)
        assert re.search(r"^peitao_index_needs 0$", body, re.M)
        age = float(re.search(r"^peitao_index_age_seconds (\S+)$", body, re.M).group(1))  # type: ignore[union-attr]
        assert 0 <= age < 600

    def test_unknown_paths_share_one_label(self, client: TestClient) -> None:
        client.get("/no/such/page/1")
        client.get("/no/such/page/2")
        body = client.get("/metrics", headers=METRICS).text
        assert 'route="<unmatched>",status="404"} 2' in body
        assert "/no/such" not in body


class TestSecurityHeaders:
    EXPECTED = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
    }

    @pytest.mark.parametrize(
        "path", ["/api/v1/chains", "/login", "/static/app.css", "/healthz", "/nope"]
    )
    def test_on_api_pages_static_and_errors(self, client: TestClient, path: str) -> None:
        headers = client.get(path).headers
        assert {k: headers[k] for k in self.EXPECTED} == self.EXPECTED
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]

    def test_csp_admits_exactly_the_templates_inline_handlers(self) -> None:
        handlers = inline_handlers()
        assert "this.form.submit()" in handlers
        policy = content_security_policy(handlers)
        assert policy.count("'sha256-") == len(handlers)
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]

    def test_swagger_ui_keeps_working(self, client: TestClient) -> None:
        headers = client.get("/docs").headers
        assert "content-security-policy" not in headers
        assert headers["x-content-type-options"] == "nosniff"


class TestUploads:
    def test_oversized_upload_refused_before_reading(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))
        response = client.post(
            f"/api/v1/purchases/import?owner_id={owner.id}",
            headers={**headers, "Content-Length": str(60 * 2**20)},
            content=b"x" * 10,
        )
        assert (response.status_code, response.json()) == (
            413,
            {"detail": "上传内容过大：上限 51 MB"},
        )

    def test_malformed_xlsx_refused_with_a_clear_message(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))
        fake = b"PK\x03\x04" + b"\x00garbage" * 200  # a zip header and nothing behind it
        response = client.post(
            f"/api/v1/purchases/import?owner_id={owner.id}",
            headers=headers,
            files={
                "file": (
                    "ledger.xlsx",
                    fake,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            },
        )
        assert response.status_code == 422
        assert "Traceback" not in response.text
        detail = response.json()["detail"]
        assert isinstance(detail, str)
        assert "XLSX" in detail or "文件" in detail


def test_ids_too_large_for_the_database_are_the_clients_mistake(
    client: TestClient, session: Session
) -> None:
    headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    response = client.get("/api/v1/needs/29610360383775971475456", headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "请求参数超出允许范围"
