"""Reads of consultations, for pages, views, the API and consumers."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from consultations.choices import CommentStatus, ConsultationKind
from consultations.models import (
    AuthorBlock,
    Comment,
    CommentReport,
    ConsultationPage,
    Endorsement,
)


def public_consultations():
    """Published consultation pages a visitor may see, in every language."""
    return ConsultationPage.objects.live().public()


def consultation_source(page: ConsultationPage) -> ConsultationPage:
    """The page in the default language that the discussion of `page` belongs to."""
    return ConsultationPage.objects.source_of(page)


def consultation_for_discussion(consultation_id: int) -> ConsultationPage | None:
    """The published source page with this id, the one a discussion is addressed by."""
    return public_consultations().filter(pk=consultation_id).first()


def consultation_is_visible(*, consultation_id: int, user) -> bool:
    """Whether the consultation exists, is published and `user` may follow its discussion."""
    return public_consultations().filter(pk=consultation_id).exists()


def discussion_cache_paths(consultation: ConsultationPage) -> list[str]:
    """The addresses whose cached answers show the discussion of `consultation` (its source
    page): the page in every language and its API."""
    paths = [f"/api/v1/consultations/{consultation.pk}/"]
    for page in consultation.get_translations(inclusive=True).live().specific(defer=True):
        parts = page.get_url_parts()
        if parts is not None:
            paths.append(parts[2])
    return paths


# --- Consultations as followed, and in the reader's language (notifications) -------------------


def followable_consultations():
    """A consultation is followed as its source page: one follow covers every language."""
    return public_consultations().in_default_language()


def consultation_in_active_language(page: ConsultationPage) -> ConsultationPage:
    """The published translation of `page` in the active language, else `page` itself."""
    return (
        public_consultations()
        .filter(translation_key=page.translation_key, locale__language_code=get_language())
        .first()
        or page
    )


def consultations_to_announce(*, now, since):
    """Published source consultations that opened or closed in (since, now]: what the periodic
    job tells followers about (each once, by a dedupe key)."""
    sources = followable_consultations()
    return (
        sources.filter(opens_at__gt=since, opens_at__lte=now),
        sources.filter(closes_at__gt=since, closes_at__lte=now),
    )


# --- Indicators (measures 2.2 and 5.6), from published source pages ----------------------------


def _state_budget_comments():
    """Visible comments on published draft state budget consultations."""
    return Comment.objects.filter(
        consultation__in=followable_consultations().filter(
            kind=ConsultationKind.DRAFT_STATE_BUDGET
        ),
        status=CommentStatus.VISIBLE,
    )


def state_budget_comment_count(measure=None, *, respondent_type: str) -> int:
    return _state_budget_comments().filter(respondent_type=respondent_type).count()


def state_budget_answered_share(measure=None) -> Decimal:
    """The percentage of visible comments on draft state budgets that have an official answer
    (0 while there are none), to one decimal place."""
    counts = _state_budget_comments().aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(answer__isnull=False))
    )
    if not counts["total"]:
        return Decimal(0)
    share = Decimal(100 * counts["answered"]) / counts["total"]
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dialogue_sessions_held_count(measure=None, *, now=None) -> int:
    """Published dialogue sessions whose time window has ended."""
    return (
        followable_consultations()
        .filter(kind=ConsultationKind.DIALOGUE_SESSION, closes_at__lte=now or timezone.now())
        .count()
    )


# --- The moderators' queue ----------------------------------------------------------------------


def _moderation_rows():
    open_reports = CommentReport.objects.filter(resolved_at__isnull=True).order_by("created_at")
    return Comment.objects.select_related("consultation", "author__profile").prefetch_related(
        Prefetch("reports", queryset=open_reports, to_attr="open_reports")
    )


def comments_for_moderation():
    """Comments waiting for a moderator: hidden pending review first, then the most reported,
    oldest first among equals; each with its open reports (`open_reports`)."""
    return (
        _moderation_rows()
        .filter(Q(status=CommentStatus.PENDING_REVIEW) | Q(report_count__gt=0))
        .alias(
            waiting=Case(When(status=CommentStatus.PENDING_REVIEW, then=Value(0)), default=Value(1))
        )
        .order_by("waiting", "-report_count", "created_at")
    )


def comment_for_moderation(comment_id: int) -> Comment | None:
    return _moderation_rows().filter(pk=comment_id).first()


# --- Reports from readers ------------------------------------------------------------------------

# The largest id the database stores; a larger one in an address names nothing (and must not
# reach the database, which would refuse it with an error).
MAX_ID = 2**63 - 1


def comment_to_link(comment_id: int) -> Comment | None:
    """A visible comment of a published consultation a visitor may open, with its consultation
    (the source page): what a comment's permanent address leads to. Hidden, pending and
    withdrawn comments have no address."""
    if not 0 < comment_id <= MAX_ID:
        return None
    return (
        Comment.objects.filter(
            pk=comment_id, status=CommentStatus.VISIBLE, consultation__in=public_consultations()
        )
        .select_related("consultation")
        .defer("body", "consultation__summary")
        .first()
    )


def comment_in_thread_query(comment: Comment) -> str:
    """The query and fragment that open the consultation page's discussion at `comment`: the
    thread read from the oldest, starting at the comment's top-level comment, with a reply's
    thread opened at its replies (the thread shows 20 top-level comments after a cursor, and
    replies only on demand)."""
    top = comment.parent_id or comment.pk
    query = f"?order=oldest&cursor={top - 1}" if top > 1 else "?order=oldest"
    if comment.parent_id:
        query += f"&replies={comment.parent_id}"
    return f"{query}#comment-{comment.pk}"


def comment_to_report(comment_id: int) -> Comment | None:
    """A comment of a published consultation, by id, as readers see it."""
    if not 0 < comment_id <= MAX_ID:
        return None
    return (
        Comment.objects.filter(pk=comment_id, consultation__in=public_consultations())
        .select_related("consultation")
        .first()
    )


def personal_data(user) -> dict:
    """What the consultations keep about a person, for the account's data download: their
    comments (with earlier texts), endorsements, reports and a moderator's block."""
    comments = (
        Comment.objects.filter(author=user)
        .select_related("consultation", "organisation")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    block = AuthorBlock.objects.filter(user=user).first()
    return {
        "comments": [
            {
                "id": comment.pk,
                "consultation": comment.consultation.title,
                "consultation_id": comment.consultation_id,
                "section": str(comment.section_key) if comment.section_key else None,
                "parent": comment.parent_id,
                "body": comment.body,
                "stance": comment.stance,
                "respondent_type": comment.respondent_type,
                "organisation": comment.organisation.name if comment.organisation else None,
                "status": comment.status,
                "created": comment.created_at.isoformat(),
                "edited": comment.edited_at.isoformat() if comment.edited_at else None,
                "earlier_texts": [revision.body for revision in comment.revisions.all()],
            }
            for comment in comments
        ],
        "endorsements": [
            {"comment": comment_id, "created": created.isoformat()}
            for comment_id, created in Endorsement.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("comment_id", "created_at")
        ],
        "reports": [
            {"comment": comment_id, "reason": reason, "created": created.isoformat()}
            for comment_id, reason, created in CommentReport.objects.filter(reporter=user)
            .order_by("created_at", "pk")
            .values_list("comment_id", "reason", "created_at")
        ],
        "block": {"reason": block.reason, "since": block.created_at.isoformat()} if block else None,
    }
