"""Ledger periods: a year, a quarter or a month, parsed leniently from what people type.

Accepted (after NFKC, so full-width digits work): ``2025``, ``2025年``; ``2025-03``, ``2025-3``,
``2025/03``, ``2025.3``, ``202503``, ``2025年3月``; a date such as ``2025-03-15`` or an Excel
date cell ``2025-03-15 00:00:00`` (read as its month); ``2025-Q1``, ``2025Q1``, ``2025-q1``,
``2025 Q1``, ``2025年Q1``, ``2025年第1季度``, ``2025年一季度``. Years must lie in 1900..2100.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_YEAR = 1900
MAX_YEAR = 2100

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_TIME_SUFFIX = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_YEAR = re.compile(r"^(\d{4})年?$")
_QUARTER = re.compile(r"^(\d{4})(?:[-/._]|年)?(?:Q([1-4])|第?([1-4一二三四])季度?)$")
_MONTH = re.compile(r"^(\d{4})(?:(?:[-/._]|年)(\d{1,2})月?|(\d{2}))$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass(frozen=True, slots=True)
class Period:
    """A year (quarter and month None), a quarter (month None) or a month (quarter None)."""

    year: int
    quarter: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.month is not None:
            raise ValueError("a period is a quarter or a month, not both")

    @property
    def kind(self) -> str:
        if self.month is not None:
            return "month"
        return "quarter" if self.quarter is not None else "year"

    @property
    def first_month(self) -> int:
        if self.month is not None:
            return self.month
        return 1 if self.quarter is None else 3 * self.quarter - 2

    @property
    def last_month(self) -> int:
        if self.month is not None:
            return self.month
        return 12 if self.quarter is None else 3 * self.quarter

    @property
    def start(self) -> int:
        """Absolute index of the first month (year * 12 + month - 1)."""
        return self.year * 12 + self.first_month - 1

    @property
    def end(self) -> int:
        """Absolute index of the last month (inclusive)."""
        return self.year * 12 + self.last_month - 1

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological: by start month, the longer period first (2025, 2025-Q1, 2025-01)."""
        return (self.start, self.start - self.end)

    def to_quarter(self) -> Period:
        """The quarter of a month; a quarter or a bare year stays as it is."""
        if self.month is None:
            return self
        return Period(self.year, quarter=(self.month - 1) // 3 + 1)

    def to_year(self) -> Period:
        return Period(self.year)

    def in_window(self, first: Period | None, last: Period | None) -> bool:
        """True when the whole period lies from ``first``'s start to ``last``'s end (None: open).

        >>> Period(2025, month=3).in_window(Period(2025, quarter=1), None)
        True
        >>> Period(2025).in_window(Period(2025, quarter=1), Period(2025, quarter=2))
        False
        """
        return self.within(
            None if first is None else first.start, None if last is None else last.end
        )

    def within(self, start: int | None, end: int | None) -> bool:
        """True when the whole period lies in [start, end] (absolute month indices)."""
        return (start is None or self.start >= start) and (end is None or self.end <= end)

    def __str__(self) -> str:
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year:04d}-Q{self.quarter}"
        return f"{self.year:04d}"


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"期间年份超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    return year


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError("期间月份应为 1–12")
    return Period(_check_year(year), month=month)


def parse_period(text: str) -> Period:
    """Parse a period; raise ValueError with a Chinese reason when it is not one."""
    raw = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"\s+", "", _TIME_SUFFIX.sub("", raw)).upper()
    if not cleaned:
        raise ValueError("期间为空")
    if match := _YEAR.match(cleaned):
        return Period(_check_year(int(match[1])))
    if match := _QUARTER.match(cleaned):
        digit = match[2] or match[3]
        quarter = _CN_DIGITS.get(digit) or int(digit)
        return Period(_check_year(int(match[1])), quarter=quarter)
    if match := _MONTH.match(cleaned):
        return _month(int(match[1]), int(match[2] or match[3]))
    if match := _DATE.match(cleaned):
        if not 1 <= int(match[3]) <= 31:
            raise ValueError("期间日期无效")
        return _month(int(match[1]), int(match[2]))
    raise ValueError(f"期间格式错误：{text.strip()}（应为 YYYY、YYYY-MM 或 YYYY-Qn）")
