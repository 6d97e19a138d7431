"""The bureau's figures in the service (``/api/v1/metrics/...``), from the stored ledger and pipeline.

Every ledger figure is computed by ``service.ledger.compute_report`` — the same pure core as
``peitao ledger-report`` — on ``LedgerLine``s built from the ``purchase`` rows in scope, so the
figures of an imported file equal the command's figures for that file by construction.

Scope (every figure): ``period_from``/``period_to`` (a line counts when its whole period lies in the
window, as in the ledger report), ``chain`` (a line's own chain, or — when the line names none — the
chains its owner belongs to), ``county`` (the OWNER's region: "how local is 嘉鱼县's industry", not
where the suppliers are; a prefecture code works too), ``owner_id``.
"""

from service.figures.figure import Figure
from service.figures.scope import MetricScope, build_scope

__all__ = ["Figure", "MetricScope", "build_scope"]
