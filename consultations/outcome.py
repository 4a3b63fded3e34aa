"""Reads of the outcome report ("You said — we did"): what was said in a consultation's
discussion, by whom, and what the owning body answered.

The report counts the visible comments (hidden and withdrawn ones are not what people said in
public); every figure is one grouped query, so its cost does not grow with the comments. The
functions take the consultation's source page and reach the discussion through its related
managers, so the page class can call them without importing the discussion's models.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timesince
from wagtail.models import Locale

from consultations.choices import (
    AnswerOutcome,
    CommentStatus,
    ConsultationStatus,
    RespondentType,
    Stance,
)

COMMENTS_PER_PAGE = 50
NO_STANCE = ""


@dataclass
class TallyRow:
    key: str
    label: str
    by_stance: list[int]
    total: int


@dataclass
class OutcomeFigures:
    total: int = 0
    answered: int = 0
    rows: list[TallyRow] = field(default_factory=list)  # one per respondent type
    stance_totals: list[int] = field(default_factory=list)
    stance_labels: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count
    median_time_to_answer: datetime.timedelta | None = None

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def answer_rate(self) -> float | None:
        """The percentage of visible comments with an official answer."""
        return round(100 * self.answered / self.total, 1) if self.total else None


def visible_comments(consultation):
    return consultation.comments.filter(status=CommentStatus.VISIBLE)


def outcome_figures(consultation) -> OutcomeFigures:
    comments = visible_comments(consultation)
    stances = [*Stance.values, NO_STANCE]
    counts = {
        (row["respondent_type"], row["stance"]): row["n"]
        for row in comments.values("respondent_type", "stance").annotate(n=Count("pk"))
    }
    figures = OutcomeFigures(
        stance_labels=[*(str(label) for label in Stance.labels), NO_STANCE],
    )
    for respondent_type in RespondentType:
        by_stance = [counts.get((respondent_type.value, stance), 0) for stance in stances]
        figures.rows.append(
            TallyRow(
                key=respondent_type.value,
                label=str(respondent_type.label),
                by_stance=by_stance,
                total=sum(by_stance),
            )
        )
    figures.stance_totals = [
        sum(row.by_stance[index] for row in figures.rows) for index in range(len(stances))
    ]
    figures.total = sum(figures.stance_totals)

    by_outcome = dict(
        comments.filter(answer__isnull=False)
        .values_list("answer__outcome")
        .annotate(n=Count("pk"))
        .values_list("answer__outcome", "n")
    )
    figures.outcomes = [
        (outcome.value, str(outcome.label), by_outcome.get(outcome.value, 0))
        for outcome in AnswerOutcome
    ]
    figures.answered = sum(by_outcome.values())

    waits = [
        (answered_at - created_at).total_seconds()
        for created_at, answered_at in comments.filter(answer__isnull=False).values_list(
            "created_at", "answer__answered_at"
        )
    ]
    if waits:
        figures.median_time_to_answer = datetime.timedelta(seconds=statistics.median(waits))
    return figures


def outcome_comments(consultation):
    """Every visible comment, oldest first, with what it shows (author, organisation, answer)."""
    return (
        visible_comments(consultation)
        .select_related("author__profile", "organisation", "answer__organisation")
        .order_by("created_at", "pk")
    )


def exported_comments(consultation, *, full: bool = False):
    """The comments of the exports: the visible ones, or every one with its moderation state
    (`full`, for moderators and the owning body)."""
    comments = consultation.comments.all() if full else visible_comments(consultation)
    return comments.select_related(
        "author__profile", "organisation", "answer__organisation"
    ).order_by("created_at", "pk")


def discussion_source(page):
    """The page in the default language the discussion belongs to (selectors.consultation_source
    for code that may import the models)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    return (
        page.get_translation_or_none(Locale.objects.get(language_code=settings.LANGUAGE_CODE))
        or page
    )


def duration_words(duration: datetime.timedelta | None) -> str:
    """ "2 days, 3 hours" in the active language; empty for no duration."""
    if duration is None:
        return ""
    now = timezone.now()
    return timesince(now - duration, now, depth=2)


def outcome_report_response(page, request) -> TemplateResponse:
    """The outcome report of `page` (any translation) in its language: the figures, then every
    visible comment with its answer, paginated. A fixed number of queries."""
    source = discussion_source(page)
    figures = outcome_figures(source)
    paginator = Paginator(outcome_comments(source), COMMENTS_PER_PAGE)
    # The figures counted the same comments already.
    paginator.__dict__["count"] = figures.total
    page_obj = paginator.get_page(request.GET.get("page"))
    sections = {section.translation_key: section for section in page.sections.all()}
    for comment in page_obj:
        comment.consultation = source  # known already: no query per comment
        section = sections.get(comment.section_key)
        comment.section_title = str(section) if section else ""
        comment.section_withdrawn = bool(section and section.withdrawn)
    context = {
        "page": page,
        "self": page,
        "request": request,
        "source": source,
        "figures": figures,
        "median_time_to_answer": duration_words(figures.median_time_to_answer),
        "page_obj": page_obj,
        "is_closed": source.status == ConsultationStatus.CLOSED,
    }
    return TemplateResponse(request, "consultations/outcome_report.html", context)
