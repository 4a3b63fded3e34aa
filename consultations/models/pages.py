"""The consultations' pages. Each class holds its whole CMS contract.

    ConsultationIndexPage  /az/consultations/               every consultation, filtered
      ConsultationPage     /az/consultations/<slug>/        the draft, its sections, the discussion

A consultation exists in every language as translations of one page (Wagtail's "Translate"
action). The discussion is one for all of them: comments, answers and live events belong to the
page in the default language (the consultation's "source"), and a comment on a section names the
section by its translation key, which stays the same in every translation of the page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic_platform.filters import FilterControl, chosen_values, lenient_filter
from civic_platform.models import SectionIndexPage
from civic_platform.organisations.models import Kind as OrganisationKind
from civic_platform.page_cache import cached_for_generation
from consultations.choices import (
    BUDGET_KINDS,
    BudgetLineKind,
    ConsultationKind,
    ConsultationStatus,
    SectionKind,
)
from consultations.filters import ConsultationFilterSet
from consultations.outcome import outcome_report_response
from themes.models import Measure, MeasurePage, ServesMeasuresMixin

# Organisations that can own a consultation: the body or municipality that answers it.
OWNER_KINDS = (OrganisationKind.STATE_BODY, OrganisationKind.MUNICIPALITY)
CONSULTATIONS_PER_PAGE = 20


class ConsultationPageQuerySet(PageQuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def in_default_language(self):
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def listed(self, *, locale_id):
        """Published consultations in one language, newest first, with their owner."""
        return (
            self.live()
            .public()
            .filter(locale_id=locale_id)
            .select_related("owner_organisation")
            .order_by("-opens_at", "-pk")
        )

    def source_of(self, page: "ConsultationPage") -> "ConsultationPage":
        """The page in the default language that the discussion of `page` belongs to (the page
        itself when it is that page, or when no default-language translation exists).
        Remembered on `page`: the page's context and its discussion ask for it in one request."""
        if "_discussion_source" not in page.__dict__:
            page.__dict__["_discussion_source"] = self._source_of(page)
        return page.__dict__["_discussion_source"]

    def _source_of(self, page: "ConsultationPage") -> "ConsultationPage":
        if page.locale.language_code == settings.LANGUAGE_CODE:
            return page
        source = (
            self.filter(
                translation_key=page.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .select_related("locale")
            .first()
        )
        return source or page


class ConsultationIndexPage(ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: the draft state budget discussion (2.2) and the
    # Government–Civil Society Dialogue Platform (5.6).
    served_measure_codes = ("2.2", "5.6")

    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset, rejected = lenient_filter(
            ConsultationFilterSet,
            request.GET,
            ConsultationPage.objects.listed(locale_id=self.locale_id),
        )
        filters = chosen_values(filterset)
        context.update(
            {
                "consultations": Paginator(filterset.qs, CONSULTATIONS_PER_PAGE).get_page(
                    request.GET.get("page")
                ),
                "rejected_filters": rejected,
                "filter_controls": [
                    FilterControl(
                        "kind", _("Kind"), _("Any kind"), ConsultationKind.choices, filters["kind"]
                    ),
                    FilterControl(
                        "status",
                        _("Status"),
                        _("Any status"),
                        ConsultationStatus.choices,
                        filters["status"],
                    ),
                ],
            }
        )
        return context


def _total(lines, field) -> Decimal | None:
    values = [getattr(line, field) for line in lines]
    if not values or any(value is None for value in values):
        return None
    return sum(values, Decimal(0))


def _change(amount: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if amount is None or previous is None:
        return None
    return amount - previous


@dataclass
class BudgetGroup:
    """The lines of a budget table under one heading (none for lines without a group)."""

    title: str
    lines: list


@dataclass
class BudgetTable:
    """One side of the budget (revenue or expenditure; `kind` empty for lines of no side), its
    lines by group in the draft's order, and their totals."""

    kind: str
    groups: list[BudgetGroup]

    @property
    def lines(self) -> list:
        return [line for group in self.groups for line in group.lines]

    @cached_property
    def total_amount(self) -> Decimal | None:
        return _total(self.lines, "amount")

    @cached_property
    def total_previous_amount(self) -> Decimal | None:
        return _total(self.lines, "previous_amount")

    @property
    def total_change(self) -> Decimal | None:
        return _change(self.total_amount, self.total_previous_amount)


@dataclass
class DraftOutline:
    """The draft as a reader sees it: the act's parts, each with its depth (a chapter holds the
    articles after it, an article the paragraphs after it), the budget's lines in a table per
    side (revenue, then expenditure) with totals, and the lines a later draft dropped."""

    parts: list
    budget_tables: list[BudgetTable]
    withdrawn_lines: list

    @property
    def budget_lines(self) -> list:
        """The lines of the current draft, every table's."""
        return [line for table in self.budget_tables for line in table.lines]


# Revenue first, as a budget is read: what comes in, then what it is spent on.
BUDGET_TABLE_ORDER = ("", BudgetLineKind.REVENUE, BudgetLineKind.EXPENDITURE)


def budget_tables(lines) -> list[BudgetTable]:
    """The lines in a table per side, each side's lines under their groups in the order the
    groups first appear (a file may list a group's lines apart)."""
    tables: dict[str, dict[str, list]] = {}
    for line in lines:
        groups = tables.setdefault(line.budget_kind, {})
        groups.setdefault(line.group, []).append(line)
    return [
        BudgetTable(kind, [BudgetGroup(title, grouped) for title, grouped in groups.items()])
        for kind, groups in sorted(
            tables.items(),
            key=lambda item: (
                BUDGET_TABLE_ORDER.index(item[0]) if item[0] in BUDGET_TABLE_ORDER else 0
            ),
        )
    ]


def draft_outline(sections, comment_counts: dict) -> DraftOutline:
    """Sets each section's `level` (1 = outermost) and `comment_count` from the page's order and
    kinds, and puts the budget lines in their tables."""
    parts, lines, withdrawn = [], [], []
    in_chapter = False
    article_level = None
    for section in sections:
        section.comment_count = comment_counts.get(section.translation_key, 0)
        if section.kind == SectionKind.BUDGET_LINE:
            (withdrawn if section.withdrawn else lines).append(section)
            continue
        if section.kind == SectionKind.CHAPTER:
            section.level, in_chapter, article_level = 1, True, None
        elif section.kind == SectionKind.ARTICLE:
            section.level = article_level = 2 if in_chapter else 1
        else:
            section.level = (article_level or (1 if in_chapter else 0)) + 1
        parts.append(section)
    return DraftOutline(parts=parts, budget_tables=budget_tables(lines), withdrawn_lines=withdrawn)


class ConsultationPage(RoutablePageMixin, Page):
    kind = models.CharField(_("kind"), max_length=30, choices=ConsultationKind.choices)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("owning body or municipality"),
        help_text=_("Its representatives answer the comments."),
        limit_choices_to={"kind__in": OWNER_KINDS},
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("Comments are accepted from the opening until this moment.")
    )
    summary = RichTextField(
        _("summary"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("budget year"), null=True, blank=True, help_text=_("For a draft budget.")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session moderator"),
        help_text=_("For a dialogue session: who pins and answers questions live."),
    )
    session_link = models.URLField(
        _("session link"), blank=True, help_text=_("For a dialogue session held online.")
    )
    measures = ParentalManyToManyField(
        Measure, blank=True, related_name="consultations", verbose_name=_("plan measures served")
    )

    objects = PageManager.from_queryset(ConsultationPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("fiscal_year")]),
                FieldPanel("owner_organisation"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Consultation"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("moderator"), FieldPanel("session_link")],
            heading=_("Dialogue session"),
        ),
        FieldPanel("measures", widget=forms.CheckboxSelectMultiple),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        InlinePanel("sections", heading=_("Sections of the draft"), label=_("Section")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation page")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing must come after the opening.")})
        if self.kind in BUDGET_KINDS and not self.fiscal_year:
            raise ValidationError({"fiscal_year": _("Give the year of the draft budget.")})

    def status_at(self, moment) -> str:
        if moment < self.opens_at:
            return ConsultationStatus.UPCOMING
        if moment < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    @property
    def is_budget(self) -> bool:
        return self.kind in BUDGET_KINDS

    @cached_property
    def sections_in_order(self) -> list["ConsultationSection"]:
        """The draft's sections, read once for the page's outline and its discussion."""
        return list(self.sections.all())

    def _section_comment_counts(self, source: "ConsultationPage") -> dict:
        """Each section's stored comment count (from the source page's discussion; sections
        are named by their translation key, the same in every language). Stored sections are
        read with their counts in one query, which also serves `sections_in_order`; a preview's
        unsaved sections ask the tallies on their own."""
        sections = self.sections.all()
        if not isinstance(sections, models.QuerySet):
            return dict(source.section_tallies.values_list("section_key", "comment_count"))
        counted = source.section_tallies.filter(section_key=OuterRef("translation_key"))
        sections = list(
            sections.annotate(stored_count=Subquery(counted.values("comment_count")[:1]))
        )
        self.__dict__["sections_in_order"] = sections
        return {section.translation_key: section.stored_count or 0 for section in sections}

    def discussion_tally(self):
        """The stored counters of this (source) page's discussion, None before its first
        comment. Django keeps the row on the page object, so a request reads it once."""
        try:
            return self.tally
        except ObjectDoesNotExist:
            return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = ConsultationPage.objects.source_of(self)
        comment_counts = self._section_comment_counts(source)
        status = self.status
        tally = source.discussion_tally()
        answered = status == ConsultationStatus.CLOSED or bool(tally and tally.answered_count)
        context.update(
            {
                "status": status,
                # One follow covers every language: people follow the source page.
                "consultation_to_follow": source,
                # The outcome report is worth a link once the discussion is over or answered.
                "show_outcome_link": answered,
                "outline": draft_outline(self.sections_in_order, comment_counts),
                "attachments": list(self.attachments.select_related("document")),
                # The plan's pages change only when something is published, which starts a new
                # content generation (and each measure's status only by the day): shared by the
                # requests of a generation like the navigation, not asked of the database each.
                "served_measure_pages": cached_for_generation(
                    f"consultation-measures:{self.pk}:{timezone.localdate().isoformat()}",
                    lambda: MeasurePage.objects.in_plan_order(
                        locale_id=self.locale_id,
                        measure_ids=Measure.objects.filter(consultations=self).values("pk"),
                    ),
                ),
            }
        )
        return context

    @path("outcome/", name="outcome")
    def outcome(self, request):
        """ "You said — we did": the discussion's figures and every comment with its answer."""
        return outcome_report_response(self, request)


class ConsultationAttachment(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Leave empty to use the document's.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class ConsultationSection(TranslatableMixin, Orderable):
    """One commentable part of the draft, in the page's order: a chapter, article or paragraph
    of a draft act (each belongs to the nearest chapter or article before it), or a budget line.
    Copied with the page when it is translated, keeping its translation key, which comments on
    it refer to."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    number = models.CharField(
        _("number or code"),
        max_length=50,
        blank=True,
        help_text=_("The article's number, or the budget line's classification code."),
    )
    title = models.CharField(_("title or name"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    amount = models.DecimalField(
        _("amount for the year, manat"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    previous_amount = models.DecimalField(
        _("amount of the previous year, manat"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # A budget's reader looks for revenue and expenditure apart, each by its groups (a source
    # of revenue, a function of expenditure); a draft whose lines are not divided leaves both
    # empty and is shown as one table.
    budget_kind = models.CharField(
        _("revenue or expenditure"),
        max_length=20,
        choices=BudgetLineKind.choices,
        blank=True,
        help_text=_("For a budget line."),
    )
    group = models.CharField(
        _("group"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a budget line: the heading it is listed under, such as a source of revenue "
            "or a function of expenditure."
        ),
    )
    # A line a later draft dropped stays, so the comments on it keep what they were about.
    withdrawn = models.BooleanField(
        _("no longer in the draft"),
        default=False,
        help_text=_(
            "A budget line a later version of the draft dropped: kept with its comments, "
            "listed apart and left out of the totals."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("previous_amount")]),
        FieldRowPanel([FieldPanel("budget_kind"), FieldPanel("group")]),
        FieldPanel("withdrawn"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def change(self) -> Decimal | None:
        """The amount's change from the previous year (budget lines)."""
        return _change(self.amount, self.previous_amount)

    def clean(self):
        super().clean()
        if self.kind == SectionKind.BUDGET_LINE and not self.number:
            raise ValidationError({"number": _("A budget line needs its classification code.")})
