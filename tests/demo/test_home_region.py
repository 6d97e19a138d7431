"""The demo's firms sit in 咸宁市; `peitao demo` says so when the deployment's home region is elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demo.places import DEMO_CITY, is_local
from service.cli.demo import _check_home_region
from service.core.config import get_settings


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_demo_city_is_where_its_local_places_are() -> None:
    assert DEMO_CITY == "421200"
    assert is_local("421202")
    assert not is_local("421202", home_region="420600")


@pytest.mark.parametrize("home", ["421200", "420000"])
def test_no_warning_when_the_home_region_holds_the_demo(
    home: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEITAO_HOME_REGION", home)
    _check_home_region()
    assert capsys.readouterr().err == ""


def test_a_county_of_the_demo_city_does_not_hold_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEITAO_HOME_REGION", "421202")
    _check_home_region()
    assert "PEITAO_HOME_REGION=421202" in capsys.readouterr().err


def test_warning_names_the_demo_city_and_the_home_region(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEITAO_HOME_REGION", "420600")
    _check_home_region()
    assert capsys.readouterr().err == (
        "注意：示例企业位于湖北省咸宁市（421200），不在本部署的本地范围（PEITAO_HOME_REGION=420600）内，"
        "本地配套率等指标会把它们计为外地。\n"
    )
