"""Request counts and latency histograms per route template, in the Prometheus text format.

Hand-written (no extra dependency). Each worker process keeps its own figures; scrape every
worker (or one per replica) and sum in Prometheus."""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: int = 0
    sum: float = 0.0

    def observe(self, seconds: float) -> None:
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1
                break
        self.total += 1
        self.sum += seconds


class RequestMetrics:
    """Thread-safe counters keyed by (method, route, status) and histograms by (method, route)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, str], int] = defaultdict(int)
        self._latency: dict[tuple[str, str], _Histogram] = defaultdict(_Histogram)
        self._in_progress = 0

    def started(self) -> None:
        with self._lock:
            self._in_progress += 1

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._in_progress -= 1
            self._requests[(method, route, str(status))] += 1
            self._latency[(method, route)].observe(seconds)

    def render(self, index_stats: Mapping[str, object] | None = None) -> str:
        with self._lock:
            lines = _render_requests(dict(self._requests), dict(self._latency), self._in_progress)
        lines += _render_index(index_stats)
        return "\n".join(lines) + "\n"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _render_requests(
    requests: dict[tuple[str, str, str], int],
    latency: dict[tuple[str, str], _Histogram],
    in_progress: int,
) -> list[str]:
    lines = [
        "# HELP peitao_http_requests_total HTTP requests by method, route template and status.",
        "# TYPE peitao_http_requests_total counter",
    ]
    for (method, route, status), count in sorted(requests.items()):
        lines.append(
            f'peitao_http_requests_total{{method="{method}",route="{_label(route)}",status="{status}"}} {count}'
        )
    lines += [
        "# HELP peitao_http_request_duration_seconds Time to answer, by method and route template.",
        "# TYPE peitao_http_request_duration_seconds histogram",
    ]
    for (method, route), hist in sorted(latency.items()):
        labels = f'method="{method}",route="{_label(route)}"'
        cumulative = 0
        for bound, count in zip(BUCKETS, hist.counts, strict=True):
            cumulative += count
            lines.append(
                f'peitao_http_request_duration_seconds_bucket{{{labels},le="{bound}"}} {cumulative}'
            )
        lines.append(
            f'peitao_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {hist.total}'
        )
        lines.append(f"peitao_http_request_duration_seconds_sum{{{labels}}} {hist.sum!r}")
        lines.append(f"peitao_http_request_duration_seconds_count{{{labels}}} {hist.total}")
    lines += [
        "# HELP peitao_http_requests_in_progress Requests being answered now.",
        "# TYPE peitao_http_requests_in_progress gauge",
        f"peitao_http_requests_in_progress {in_progress}",
    ]
    return lines


def _render_index(stats: Mapping[str, object] | None) -> list[str]:
    if not stats:
        return []
    gauges: list[tuple[str, str, float]] = []
    for key, help_text in (
        ("suppliers", "Suppliers in this process's match index."),
        ("needs", "Open needs in this process's match index."),
        ("supplier_vocabulary", "Terms in the supplier index vocabulary."),
        ("need_vocabulary", "Terms in the need index vocabulary."),
        ("refits", "Refits since the index was built."),
        ("last_change_id", "Newest index_change row applied."),
    ):
        value = stats.get(key)
        if isinstance(value, int | float):
            gauges.append((f"peitao_index_{key}", help_text, float(value)))
    now = datetime.now(UTC)
    for key, name, help_text in (
        (
            "built_at",
            "peitao_index_age_seconds",
            "Seconds since this process built its match index.",
        ),
        (
            "fitted_at_",
            "peitao_index_fit_age_seconds",
            "Seconds since the index vocabulary was last fitted.",
        ),
    ):
        stamp = _parse_time(stats.get(key))
        if stamp is not None:
            gauges.append((name, help_text, max(0.0, (now - stamp).total_seconds())))
    lines: list[str] = []
    for name, help_text, value in gauges:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {_number(value)}"]
    return lines


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
