"""The consultations' fixed vocabularies: values are stable (API, CSV, stored rows), labels are
translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civic_platform.organisations.models import Kind as OrganisationKind


class ConsultationKind(models.TextChoices):
    DRAFT_STATE_BUDGET = "draft-state-budget", _("Draft state budget")
    DRAFT_LOCAL_BUDGET = "draft-local-budget", _("Draft local budget")
    DRAFT_ACT = "draft-act", _("Draft act")
    DIALOGUE_SESSION = "dialogue-session", _("Dialogue session")


BUDGET_KINDS = (ConsultationKind.DRAFT_STATE_BUDGET, ConsultationKind.DRAFT_LOCAL_BUDGET)


class ConsultationStatus(models.TextChoices):
    """Derived from the dates, never stored: a consultation opens and closes on time."""

    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")


class SectionKind(models.TextChoices):
    # A draft act: chapters hold articles, articles hold paragraphs. A budget: lines.
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")
    BUDGET_LINE = "budget-line", _("Budget line")


class BudgetLineKind(models.TextChoices):
    """Which side of the budget a line is on; a draft whose lines are not divided leaves it
    empty. The values are those of the municipalities' budget reports and the API."""

    REVENUE = "revenue", _("Revenue")
    EXPENDITURE = "expenditure", _("Expenditure")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", _("Object")
    CHANGE = "change", _("Propose a change")
    QUESTION = "question", _("Question")


class RespondentType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    NGO = "ngo", _("NGO")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia")
    STATE_BODY = "state-body", _("State body")
    MUNICIPALITY = "municipality", _("Municipality")


# Who speaks for an organisation names it: a verified organisation of this kind, of which the
# author is a member. A citizen speaks for nobody.
RESPONDENT_ORGANISATION_KINDS = {
    RespondentType.NGO: OrganisationKind.NGO,
    RespondentType.BUSINESS: OrganisationKind.BUSINESS,
    RespondentType.ACADEMIA: OrganisationKind.ACADEMIC,
    RespondentType.STATE_BODY: OrganisationKind.STATE_BODY,
    RespondentType.MUNICIPALITY: OrganisationKind.MUNICIPALITY,
}


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    # Hidden automatically after enough reports, until a moderator decides.
    PENDING_REVIEW = "pending-review", _("Hidden pending review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")


class AnswerOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly-accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    NOTED = "noted", _("Noted")


class LiveEventType(models.TextChoices):
    """The `type` of a live message (README, "Live discussion")."""

    COMMENT_CREATED = "comment.created", "comment.created"
    COMMENT_UPDATED = "comment.updated", "comment.updated"
    COMMENT_HIDDEN = "comment.hidden", "comment.hidden"
    COMMENT_RESTORED = "comment.restored", "comment.restored"
    COMMENT_WITHDRAWN = "comment.withdrawn", "comment.withdrawn"
    ENDORSEMENTS = "comment.endorsements", "comment.endorsements"
    ANSWER = "comment.answered", "comment.answered"
    PINNED = "comment.pinned", "comment.pinned"
