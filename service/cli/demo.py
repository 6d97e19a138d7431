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

    return tqdm(items, desc=f"载入{label}", unit="条", file=sys.stderr, leave=False)


def _seed_pipeline() -> None:
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


def _sessionmaker_of(session: Any) -> Any:
    from service.core.db import make_sessionmaker

    return make_sessionmaker(session.get_bind())


def run(_args: argparse.Namespace) -> int:
    from catalogs.demo import build_demo_dataset
    from service.cli._db import cli_session
    from service.demo import DEMO_PASSWORD, load_demo
    from service.stats import record_counts

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
