"""All tables, imported in one place so metadata (and Alembic) sees every one."""

from service.accounts.tables import User, UserRole
from service.catalog.tables import Chain, ChainSegment, Meta, Region
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
from service.models.purchase import LedgerImport, Purchase
from service.needs.tables import Need, NeedStatus
from service.pairings.index_changes import IndexChange
from service.pairings.tables import Match, MatchEvent, MatchStatus

__all__ = [
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
    "NeedStatus",
    "Purchase",
    "Region",
    "Role",
    "Tag",
    "User",
    "UserRole",
    "metadata",
]
from service.notifications.tables import (
    KIND_LABELS,
    Notification,
    NotificationKind,
    NotificationPreference,
)

__all__ += ["KIND_LABELS", "Notification", "NotificationKind", "NotificationPreference"]
