"""The fixed lists of values councils use, shared by models, filters and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilKind(models.TextChoices):
    STATE_BODY = "state_body", _("At a state body")
    MUNICIPALITY = "municipality", _("At a municipality")
    MUNICIPAL_ASSOCIATIONS = "municipal_associations", _("Of the municipal associations")


class CouncilStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
