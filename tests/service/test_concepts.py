"""One definition per concept: the item key (stored and compared alike) and periods (parsed and
range-checked at the API boundary, contained in a window the same way in SQL as in the figures)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from matching import MatchConfig, MatchResult
from service.accounts.tables import UserRole
from service.app import create_app
from service.core.config import Settings
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_enterprise, make_need, make_user


class NoLocalCandidates:
    def local_candidates(self, **_: Any) -> list[MatchResult]:
        return []


@pytest.fixture
def owner(session: Session) -> Enterprise:
    return make_enterprise(session, owner=True, supplier=False, region_code="421221")


@pytest.fixture
def bureau(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.bureau))


def record(client: TestClient, headers: dict[str, str], owner: Enterprise, **line: str) -> Any:
    fields = {"item": "轴承", "supplier_name": "南京轴承有限公司", "supplier_region": "320100"}
    body = {"owner_id": owner.id, "amount": "1000", **fields, **line}
    return client.post("/api/v1/purchases", json=body, headers=headers)


def figure(client: TestClient, headers: dict[str, str], name: str) -> Any:
    response = client.get(f"/api/v1/metrics/{name}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_gaps_and_single_source_count_an_item_the_same_way(
    client: TestClient, session: Session, owner: Enterprise, bureau: dict[str, str]
) -> None:
    # punctuation differs: two items for the ledger report, so for every figure on the page
    for item, supplier, region in (
        ("轴承-6205", "南京轴承有限公司", "320100"),
        ("轴承 6205", "广州轴承有限公司", "440100"),
    ):
        response = record(
            client,
            bureau,
            owner,
            item=item,
            supplier_name=supplier,
            supplier_region=region,
            period="2025-01",
        )
        assert response.status_code == 201, response.text
    make_need(session, owner=owner, title="轴承6205", category="3451", current_suppliers=[])
    client.app.state.match_index = NoLocalCandidates()  # type: ignore[attr-defined]
    single = figure(client, bureau, "single-source")["items"]
    assert [(i["item"], i["supplier"]) for i in single] == [
        ("轴承 6205", "广州轴承有限公司"),
        ("轴承-6205", "南京轴承有限公司"),
    ]
    (group,) = figure(client, bureau, "gaps")["categories"]
    assert [s["name"] for s in group["out_of_region_suppliers"]] == ["广州轴承有限公司"]


def test_a_purchase_outside_the_year_range_is_refused(
    client: TestClient, owner: Enterprise, bureau: dict[str, str]
) -> None:
    response = record(client, bureau, owner, period="1899-03")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "period"]
    assert "期间年份超出范围（1900–2100）" in error["msg"]
    assert client.get("/api/v1/purchases", headers=bureau).json()["total"] == 0


PERIODS = ("2024-12", "2025-01", "2025-06", "2025-12", "2025", "2025-Q2", "2026-01")


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (
            {"period_from": "2025-Q1"},
            ["2025-01", "2025-06", "2025-12", "2025", "2025-Q2", "2026-01"],
        ),
        ({"period_to": "2025-Q2"}, ["2024-12", "2025-01", "2025-06", "2025-Q2"]),
        ({"period_from": "2025-Q1", "period_to": "2025-Q2"}, ["2025-01", "2025-06", "2025-Q2"]),
        (
            {"period_from": "2025", "period_to": "2025"},
            ["2025-01", "2025-06", "2025-12", "2025", "2025-Q2"],
        ),
        ({"period_from": "2025-12", "period_to": "2025-12"}, ["2025-12"]),
    ],
)
def test_purchase_list_keeps_the_periods_inside_the_window(
    client: TestClient,
    owner: Enterprise,
    bureau: dict[str, str],
    window: dict[str, str],
    expected: list[str],
) -> None:
    for period in PERIODS:
        assert record(client, bureau, owner, period=period).status_code == 201
    response = client.get("/api/v1/purchases", params=window, headers=bureau)
    assert response.status_code == 200, response.text
    assert [p["period"] for p in response.json()["items"]] == expected


@pytest.mark.parametrize("bad", ["1899", "2025-13", "2025-Q5", "soon"])
def test_purchase_list_refuses_a_bad_window(
    client: TestClient, bureau: dict[str, str], bad: str
) -> None:
    response = client.get("/api/v1/purchases", params={"period_from": bad}, headers=bureau)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "period_from"]


def test_migration_0007_recomputes_stored_item_keys(
    client: TestClient, session: Session, owner: Enterprise, bureau: dict[str, str]
) -> None:
    from alembic import command
    from sqlalchemy import text

    from service.core.migrate import alembic_config

    assert record(client, bureau, owner, item="轴承-6205", period="2025-01").status_code == 201
    config = alembic_config()
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def migrate(step: Any, revision: str) -> str:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)
        with engine.connect() as connection:
            key: str = connection.execute(text("SELECT item_key FROM purchase")).scalar_one()
        return key

    assert migrate(command.downgrade, "0006") == "轴承6205"  # the key stored before 0007
    assert migrate(command.upgrade, "head") == "轴承-6205"


def test_the_lifespan_gives_the_index_the_configured_engine(settings: Settings) -> None:
    configured = settings.model_copy(update={"match_config": MatchConfig(pool_size=7)})
    with TestClient(create_app(configured, migrate=False)) as client:
        index = client.app.state.match_index  # type: ignore[attr-defined]
        assert index.engine.config == MatchConfig(pool_size=7)


def test_settings_read_a_stored_engine_configuration_by_its_old_field_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PEITAO_MATCH_CONFIG", '{"weight_fuzzy": 0.3, "pool_size": 20}')
    assert Settings().match_config == MatchConfig(weight_title=0.3, pool_size=20)
