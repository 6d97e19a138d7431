"""The metric context (home region, near area, the matcher) as a typed dependency of API and pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from service.core.deps import SettingsDep
from service.figures.figure import MetricContext
from service.pairings.deps import OptionalIndexDep


def get_metric_context(settings: SettingsDep, index: OptionalIndexDep) -> MetricContext:
    return MetricContext(
        home_region=settings.home_region,
        near_regions=tuple(
            c for c in settings.resolved_near_regions() if c != settings.home_region
        ),
        candidates=index,
        item_match_ratio=settings.item_match_ratio,
    )


MetricContextDep = Annotated[MetricContext, Depends(get_metric_context)]
