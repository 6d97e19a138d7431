"""Schemathesis against /openapi.json, in-process: no server error and no response that breaks the
documented schema, anonymous and for every role (the role matrix must fail with 401/403/404, never 5xx).
Bounded: a few examples per operation, well under a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.accounts.throttle import LoginThrottle
from service.app import create_app
from service.core.config import Settings
from service.core.db import make_sessionmaker
from tests.factories import auth_headers, make_capability, make_enterprise, make_need, make_user

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

ROLES = ("anonymous", "bureau", "owner", "supplier")
EXAMPLES = 8
# Found by this test in files other engineers own, reported to the lead; remove a line once fixed
# (the test then fails if the finding comes back). Each maps the operation to its finding's marker.
KNOWN: tuple[str, ...] = ()  # findings tolerated until fixed: none at present


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FastAPI, dict[str, dict[str, str]]]]:
    """One app on a migrated SQLite file with a little data and a token per role (module scope: the
    fuzzer's writes pile up, as they would in a real deployment)."""
    from service.app import prepare_database

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    settings_ = Settings(
        database_url=f"sqlite:///{path}", secret_key="fuzz-secret-key-with-at-least-32-bytes"
    )
    prepare_database(settings_)
    app = create_app(settings_, migrate=False)
    with TestClient(app) as client:
        with make_sessionmaker(app.state.engine)() as session:
            headers = _world(client, session)
        # The fuzzer signs in with random passwords, all from one address.
        app.state.login_throttle = LoginThrottle(max_failures=10**9)
        yield app, headers


def _world(client: TestClient, session: Session) -> dict[str, dict[str, str]]:
    owner = make_enterprise(session, name="湖北示例汽车零部件有限公司", owner=True, supplier=False)
    make_need(session, owner=owner, title="铝合金压铸件", required_certifications=["IATF16949"])
    supplier = make_enterprise(session, name="咸宁精铸科技有限公司")
    make_capability(session, supplier=supplier, title="铝合金压力铸造")
    client.app.state.match_index.build()  # type: ignore[attr-defined]
    return {
        "anonymous": {},
        "bureau": auth_headers(client, make_user(session, role=UserRole.bureau)),
        "owner": auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner)),
        "supplier": auth_headers(
            client, make_user(session, role=UserRole.supplier, enterprise=supplier)
        ),
    }


def _operations(app: FastAPI) -> list[Any]:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in loaded.get_all_operations()]


def _summary(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    keep = [
        line
        for line in lines
        if line.startswith(("- ", "curl", "[")) or "is not" in line or "Schema at" in line
    ]
    return " | ".join(keep[:8]) or lines[0][:300]


def test_no_server_error_and_no_schema_violation(
    fuzzed: tuple[FastAPI, dict[str, dict[str, str]]],
) -> None:
    """Every operation, a few generated requests each, sent as each role.

    (Driven by hand through Hypothesis: schemathesis' pytest plugin does not run under pytest 9.)"""
    app, tokens = fuzzed
    operations = _operations(app)
    assert len(operations) >= 30
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            for (
                role
            ) in ROLES:  # the same request as each role: refused cleanly or answered per schema
                headers = {**(case.headers or {}), **tokens[role]}
                case.call_and_validate(
                    headers=headers, checks=[not_a_server_error, response_schema_conformance]
                )

        try:
            check()
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every operation's finding, fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {_summary(exc)}")
    unexpected = [f for f in failures if not _known(f)]
    assert not unexpected, "\n\n".join(unexpected)


def _known(failure: str) -> bool:
    _operation, _, finding = failure.partition(": ")
    parts = [
        p for p in finding.split(" | ") if not p.startswith(("Schema at", "[", "curl", "- ST108"))
    ]
    return bool(parts) and all(any(marker in p for marker in KNOWN) for p in parts)
