"""Public councils as data: the registry (pages per council with members), meetings with their
agendas, minutes with decisions and action items, and the chair's approval task."""

from councils.models.pages import (
    ActionItem,
    ActionStatus,
    AgendaItem,
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
from councils.models.roles import CouncilRoleGroup
from councils.models.workflow import CouncilChairApprovalTask

__all__ = [
    "ActionItem",
    "ActionStatus",
    "AgendaItem",
    "CouncilChairApprovalTask",
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
