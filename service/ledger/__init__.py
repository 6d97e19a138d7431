"""The purchase ledger (采购台账): stored purchases, ledger import, and the pure ledger report.

The report core (``lines``, ``periods``, ``regions``, ``metrics``, ``export``, ``table``,
``workbook``, re-exported here) needs no database: ``peitao ledger-report`` runs it on a file and
the bureau's figures (``service.figures``) on lines loaded from the database. The stored side is
``tables``, ``schemas``, ``purchases`` (queries), ``importing`` (file import) and the routes.
"""

from service.core.text import item_key
from service.ledger.export import report_to_json
from service.ledger.lines import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    LedgerLine,
    RowError,
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
from service.ledger.regions import normalize_code

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
    "item_key",
    "normalize_code",
    "parse_amount",
    "parse_ledger",
    "parse_period",
    "report_to_json",
]
