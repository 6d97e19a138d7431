"""`peitao demo`, `peitao stats` and `peitao create-user` against a real database."""

from __future__ import annotations

import json

import pytest

from service.cli import main
from service.core.config import get_settings


@pytest.fixture
def env_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEITAO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def stats(capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert main(["stats"]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_loads_once(env_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    first = stats(capsys)
    assert first["chains"] == 9
    assert first["owners"] >= 10
    assert first["suppliers"] >= 300
    assert first["needs_open"] >= 100
    assert first["purchases"] >= 1000
    assert first["users"] >= 3
    assert main(["demo"]) == 0
    assert "未重复写入" in capsys.readouterr().out
    assert stats(capsys) == first


def test_create_user(env_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "create-user",
                "--username",
                "zhang",
                "--password",
                "long-enough-1",
                "--role",
                "bureau",
            ]
        )
        == 0
    )
    assert "已创建用户 zhang" in capsys.readouterr().out
    assert (
        main(
            [
                "create-user",
                "--username",
                "zhang",
                "--password",
                "long-enough-1",
                "--role",
                "bureau",
            ]
        )
        == 2
    )
    assert "用户名 zhang 已存在" in capsys.readouterr().err
    assert (
        main(["create-user", "--username", "li", "--password", "long-enough-1", "--role", "owner"])
        == 2
    )
    assert "企业用户必须关联一个已登记的企业" in capsys.readouterr().err
    assert stats(capsys)["users"] == 1
