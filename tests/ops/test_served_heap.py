"""A served worker keeps its start-up heap (the match index) out of the collector's full passes."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from service.app import create_app, create_served_app
from service.core.config import Settings


def frozen_after_start_up(app: object) -> int:
    try:
        with TestClient(app) as client:  # type: ignore[arg-type]
            assert client.get("/healthz").status_code == 200
            return gc.get_freeze_count()
    finally:
        gc.unfreeze()  # give the test process its heap back


def test_a_served_app_freezes_what_start_up_built(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("service.app.get_settings", lambda: settings)
    gc.unfreeze()
    assert frozen_after_start_up(create_served_app()) > 10_000


def test_an_app_in_tests_and_tools_leaves_the_heap_alone(settings: Settings) -> None:
    gc.unfreeze()
    assert frozen_after_start_up(create_app(settings, migrate=False)) == 0
