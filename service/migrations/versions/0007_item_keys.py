"""stored purchase item keys use the one item key (NFKC, no whitespace, case-folded)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from service.core.text import item_key, name_key

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PURCHASE = sa.table(
    "purchase", sa.column("id", sa.Integer), sa.column("item", sa.String), sa.column("item_key")
)


def _rekey(key: Callable[[str], str]) -> None:
    connection = op.get_bind()
    items = connection.execute(sa.select(_PURCHASE.c.item).distinct()).scalars().all()
    for item in items:  # one update per distinct item: ledgers repeat item names a lot
        connection.execute(
            _PURCHASE.update().where(_PURCHASE.c.item == item).values(item_key=key(item))
        )


def upgrade() -> None:
    _rekey(item_key)


def downgrade() -> None:
    _rekey(name_key)  # the key stored before this revision (punctuation stripped)
