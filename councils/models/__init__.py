"""Public councils as data: the registry (pages per council with members), meetings with their
agendas, minutes with decisions and action items, and the chair's approval task."""

from councils.models.pages import (
    ActionItem,
    ActionItemUpdate,
    ActionStatus,
    AgendaItem,
    AgendaItemDocument,
    CouncilIndexPage,
    CouncilKind,
    CouncilMember,
    CouncilPage,
    CouncilStatus,
    Decision,
    MeetingPage,
    MeetingStatus,
    MemberRole,
    MinutesPage,
)
from councils.models.roles import CouncilCollection, CouncilRoleGroup
from councils.models.workflow import CouncilChairApprovalTask

__all__ = [
    "ActionItem",
    "ActionItemUpdate",
    "ActionStatus",
    "AgendaItem",
    "AgendaItemDocument",
    "CouncilChairApprovalTask",
    "CouncilCollection",
    "CouncilIndexPage",
    "CouncilKind",
    "CouncilMember",
    "CouncilPage",
    "CouncilRoleGroup",
    "CouncilStatus",
    "Decision",
    "MeetingPage",
    "MeetingStatus",
    "MemberRole",
    "MinutesPage",
]
