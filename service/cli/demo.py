"""`peitao demo`: load the illustrative Xianning demo data set (idempotent)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="载入咸宁示例数据（可重复执行）")
    parser.set_defaults(func=run)


def _progress(items: Iterable[T], label: str) -> Iterable[T]:
    from tqdm import tqdm

    bar: Iterable[T] = tqdm(items, desc=f"载入{label}", unit="条", file=sys.stderr, leave=False)
    return bar


def _seed_pipeline() -> None:
    from service.challenges.demo import seed_challenges
    from service.cli._db import cli_session
    from service.core.config import get_settings
    from service.demo import seed_pipeline
    from service.events.demo import seed_events
    from service.pairings.index import MatchIndex

    settings = get_settings()
    with cli_session() as session:
        sessionmaker = _sessionmaker_of(session)
        index = MatchIndex(
            sessionmaker=sessionmaker,
            home_region=settings.home_region,
            near_regions=settings.resolved_near_regions(),
            qualified_score=settings.qualified_match_score,
            config=settings.match_config,
        ).build()
        seed_pipeline(session, index, per_need=settings.suggestions_per_need)
        seed_events(session, index)  # 产销对接会: one held, one open for registration
        seed_challenges(session)  # 链创: institutes, challenges, applications, one accepted


def _sessionmaker_of(session: Any) -> Any:
    from service.core.db import make_sessionmaker

    return make_sessionmaker(session.get_bind())


def _check_home_region() -> None:
    """The demo's firms sit in 咸宁市: say so when the deployment's home region lies elsewhere."""
    from catalogs.regions import is_within, region_name
    from demo.places import DEMO_CITY
    from service.core.config import get_settings

    home = get_settings().home_region
    if not is_within(DEMO_CITY, home):
        print(
            f"注意：示例企业位于{region_name(DEMO_CITY)}（{DEMO_CITY}），不在本部署的本地范围"
            f"（PEITAO_HOME_REGION={home}）内，本地配套率等指标会把它们计为外地。",
            file=sys.stderr,
        )


def run(_args: argparse.Namespace) -> int:
    from demo import build_demo_dataset
    from service.cli._db import cli_session
    from service.demo import DEMO_PASSWORD, load_demo
    from service.stats import record_counts

    _check_home_region()
    with cli_session() as session:
        loaded = load_demo(session, build_demo_dataset(), progress=_progress)
    if loaded:
        _seed_pipeline()
    with cli_session() as session:
        counts = record_counts(session)
    if loaded:
        print(f"示例数据已载入：{counts}")
        print(
            f"示例账号（密码均为 {DEMO_PASSWORD}）：bureau（经信局）、owner（链主）、supplier（配套企业）"
        )
    else:
        print(f"示例数据此前已载入，未重复写入：{counts}")
    return 0
