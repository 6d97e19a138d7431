"""Every domain's tables, imported in one place so that the metadata (and Alembic) sees each one.

Entry points that open sessions without the app (the CLI, migrations, tests) import this module,
so the index change log's flush hooks (`service.pairings.index_changes`) are always registered."""

from service.accounts.tables import User, UserRole
from service.catalog.tables import Chain, ChainSegment, Meta, Region
from service.challenges import tables as _challenges_tables  # noqa: F401  (链创)
from service.core.locks import NamedLock
from service.core.tables import metadata
from service.enterprises.tables import (
    Capability,
    Enterprise,
    EnterpriseChain,
    EnterpriseStatus,
    EnterpriseTag,
    Role,
    Tag,
)
from service.events import tables as _events_tables  # noqa: F401  (产销对接会)
from service.ledger.tables import LedgerImport, Purchase
from service.needs.tables import Need, NeedStatus
from service.notifications.tables import (
    KIND_LABELS,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from service.pairings.index_changes import IndexChange
from service.pairings.tables import Match, MatchEvent, MatchStatus

__all__ = [
    "KIND_LABELS",
    "Capability",
    "Chain",
    "ChainSegment",
    "Enterprise",
    "EnterpriseChain",
    "EnterpriseStatus",
    "EnterpriseTag",
    "IndexChange",
    "LedgerImport",
    "Match",
    "MatchEvent",
    "MatchStatus",
    "Meta",
    "Need",
    "NamedLock",
    "NeedStatus",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Purchase",
    "Region",
    "Role",
    "Tag",
    "User",
    "UserRole",
    "metadata",
]
