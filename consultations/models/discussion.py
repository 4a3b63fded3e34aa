"""The discussion of a consultation: comments, their history, endorsements, reports, official
answers, blocks, the live event log and the stored counters.

Everything here belongs to the consultation's source page (see pages.py), so the discussion is
one in every language. Counters are stored and kept by the services, never counted per request.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_platform.accounts.authorship import author_field
from consultations.choices import (
    AnswerOutcome,
    CommentStatus,
    LiveEventType,
    RespondentType,
    Stance,
)
from consultations.models.pages import ConsultationPage


class CommentQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Comment(models.Model):
    consultation = models.ForeignKey(
        ConsultationPage,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("consultation"),
    )
    # The translation key of the commented section (ConsultationSection); empty for a comment
    # on the whole consultation. A key rather than a row: the same in every translation.
    section_key = models.UUIDField(_("section"), null=True, blank=True)
    # Replies answer a top-level comment; a reply to a reply is filed under the same top level.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # Empty once the author's account is deleted; the comment stays, unsigned.
    author = author_field(related_name="consultation_comments")
    # Sanitised HTML (civic_platform.sanitiser), never shown unsanitised.
    body = models.TextField(_("comment"))
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices, blank=True)
    respondent_type = models.CharField(
        _("respondent type"),
        max_length=20,
        choices=RespondentType.choices,
        default=RespondentType.CITIZEN,
    )
    # The verified organisation the author speaks for (respondent type NGO and the like).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_comments",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    # Shown in the placeholder of a hidden comment.
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Dialogue sessions: the moderator pins the questions taken up live.
    pinned_at = models.DateTimeField(_("pinned at"), null=True, blank=True)
    reply_count = models.PositiveIntegerField(default=0)
    endorsement_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    # The id of the newest live event about this comment: catch-up returns what changed since.
    event_id = models.BigIntegerField(default=0, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            models.Index(fields=["consultation", "parent", "-id"], name="comment_thread_idx"),
            # A page of top-level comments: PostgreSQL takes "parent IS NULL" as a filter, not
            # as an equality, so comment_thread_idx cannot give them in id order and every
            # top-level comment was read, joined and sorted for 20. These partial indexes are
            # walked in order and stop after a page, however long the discussion.
            models.Index(
                fields=["consultation", "-id"],
                condition=models.Q(parent__isnull=True),
                name="comment_top_level_idx",
            ),
            models.Index(
                fields=["consultation", "section_key", "-id"],
                condition=models.Q(parent__isnull=True),
                name="comment_top_level_section_idx",
            ),
            models.Index(fields=["consultation", "event_id"], name="comment_catchup_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.consultation_id}"

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE


class CommentRevision(models.Model):
    """An earlier text of an edited comment: every edit keeps what it replaced."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.comment_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Endorsement(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_endorsement_per_user")
        ]

    def __str__(self):
        return f"#{self.comment_id} + {self.user_id}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator decides on the comment; open reports make the moderation queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_user")
        ]

    def __str__(self):
        return f"#{self.comment_id} ! {self.reason[:40]}"


class OfficialAnswer(models.Model):
    """The owning body's answer to one comment."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="answer")
    outcome = models.CharField(_("outcome"), max_length=20, choices=AnswerOutcome.choices)
    # Sanitised HTML, as comments.
    reason = models.TextField(_("reason"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered for"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self):
        return f"#{self.comment_id}: {self.get_outcome_display()}"


class AuthorBlock(models.Model):
    """A moderator's block: the user may no longer comment on any consultation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_block"
    )
    reason = models.CharField(_("reason"), max_length=500)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocked author")
        verbose_name_plural = _("blocked authors")

    def __str__(self):
        return str(self.user)


class LiveEvent(models.Model):
    """What the live layer pushes, recorded in the same transaction as the change it reports:
    the log that reconnecting pages catch up from, and the outbox of the broadcast. The
    autoincrementing id is the message's increasing `id`."""

    id = models.BigAutoField(primary_key=True)
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="live_events"
    )
    type = models.CharField(max_length=40, choices=LiveEventType.choices)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["consultation", "id"], name="live_event_catchup_idx")]

    def __str__(self):
        return f"{self.pk} {self.type}"


class DiscussionTally(models.Model):
    """A consultation's stored counters, kept by the services in the same transaction."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    comment_count = models.PositiveIntegerField(default=0)
    top_level_count = models.PositiveIntegerField(default=0)
    answered_count = models.PositiveIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.consultation_id}: {self.comment_count}"


class SectionTally(models.Model):
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="section_tallies"
    )
    section_key = models.UUIDField()
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "section_key"], name="one_tally_per_section"
            )
        ]

    def __str__(self):
        return f"{self.section_key}: {self.comment_count}"
