"""Comparison keys: firm names (duplicates, ledger linking) and ledger items (DESIGN.md, Metrics)."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def name_key(name: str) -> str:
    """Normalise a firm name: full-width → half-width, case-folded, without spaces or punctuation.

    >>> name_key("湖北 三环（集团）有限公司")
    '湖北三环集团有限公司'
    """
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).casefold())


def item_key(text: str) -> str:
    """The key under which items (and the report's suppliers and owners) are the same thing.

    NFKC, no whitespace, case-folded; punctuation is kept, so ``轴承-6205`` and ``轴承6205`` are
    two items, as the ledger report counts them.

    >>> item_key("ＰＣＢ 板") == item_key("pcb板")
    True
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()
