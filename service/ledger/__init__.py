"""The ledger report (采购台账分析): pure figures from purchase-ledger lines.

Used by ``peitao ledger-report`` (file in, report out, no database) and, later, by the
service's metrics endpoints (lines loaded from the database, same ``compute_report``).
"""

from service.ledger.export import report_to_json
from service.ledger.lines import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    LedgerLine,
    RowError,
    item_key,
    parse_amount,
    parse_ledger,
)
from service.ledger.metrics import (
    Group,
    LedgerReport,
    RegionGroup,
    SingleSource,
    Tally,
    compute_report,
)
from service.ledger.periods import Period, parse_period
from service.ledger.regions import is_within, is_within_any, normalize_code

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Group",
    "LedgerLine",
    "LedgerReport",
    "Period",
    "RegionGroup",
    "RowError",
    "SingleSource",
    "Tally",
    "compute_report",
    "is_within",
    "is_within_any",
    "item_key",
    "normalize_code",
    "parse_amount",
    "parse_ledger",
    "parse_period",
    "report_to_json",
]
