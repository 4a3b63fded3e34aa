"""The plan's pages. Each class holds its whole CMS contract: fields, panels, search fields,
parent and subpage types, and its routes; page lookups are these classes' querysets."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic_platform.collation import collation_key
from civic_platform.filters import FilterControl, chosen_values, lenient_filter
from civic_platform.models import SectionIndexPage
from civic_platform.selectors import page_trail
from themes.filters import MeasureFilterSet
from themes.models.plan import Body, Measure, MeasureBody, MeasureStatus, ThematicArea
from themes.selectors import (
    bodies_with_measure_counts,
    body_and_its_groups,
    body_choices,
    measure_detail,
    measures_with_status,
    report_count_expression,
    status_counts,
    status_expression,
)

MEASURES_PER_PAGE = 25
SHORT_TITLE_LENGTH = 160


def measure_short_title(code: str, text: str) -> str:
    """A measure page's title: its code and its words, cut at a word boundary when long.

    Page titles hold at most 255 characters and the longest measures are longer; the full
    wording is the page's `text`.
    """
    title = f"{code}. {text}"
    if len(title) <= SHORT_TITLE_LENGTH:
        return title
    return title[: SHORT_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass
class AreaStatusRow:
    """One thematic area's line of the dashboard chart and of its table."""

    area: ThematicArea
    title: str
    area_page: Page | None
    counts: dict[str, int]
    total: int


class PlanPageQuerySet(PageQuerySet):
    def visible(self):
        """Live pages that no view restriction (on them or an ancestor) hides.

        Wagtail's `public()` loads every restriction in a query of its own each time; this is
        the same rule as a subquery, so a lookup stays one query.
        """
        restricting = PageViewRestriction.objects.annotate(
            prefix=Substr(OuterRef("path"), 1, Length("page__path"))
        ).filter(prefix=F("page__path"))
        return self.live().exclude(Exists(restricting))


class AreaPageQuerySet(PlanPageQuerySet):
    def by_area(self, *, locale_id) -> dict[int, "AreaPage"]:
        """Published area pages in one language by area id, in one query."""
        pages = self.visible().filter(locale_id=locale_id).select_related("area")
        return {page.area_id: page for page in pages}


class MeasurePageQuerySet(PlanPageQuerySet):
    def by_measure(self, *, locale_id, measure_ids=None) -> dict[int, "MeasurePage"]:
        """Published measure pages in one language by measure id; None means every measure."""
        pages = self.visible().filter(locale_id=locale_id).select_related("measure")
        if measure_ids is not None:
            pages = pages.filter(measure_id__in=list(measure_ids))
        return {page.measure_id: page for page in pages}

    def with_status(self):
        return self.annotate(
            status=status_expression(measure="measure_id", deadline_end="measure__deadline_end"),
            report_count=report_count_expression(measure="measure_id"),
        )

    def in_plan_order(self, *, locale_id, measure_ids) -> list["MeasurePage"]:
        """The published pages of these measures, in the plan's order, each with its status."""
        pages = (
            self.visible()
            .filter(locale_id=locale_id, measure_id__in=measure_ids)
            .select_related("measure")
            .with_status()
            .order_by("measure__area__number", "measure__position")
        )
        return label_statuses(pages)

    def naming_body(self, body, *, groups: dict, locale_id) -> dict[str, list["MeasurePage"]]:
        """The published pages of the measures a body carries out, of those recommended to it,
        and of those it takes part in through a group that includes it; in one query, in the
        plan's order, each with its status (and, through a group, that group's name)."""
        pages = (
            self.visible()
            .filter(locale_id=locale_id)
            .annotate(
                roles=FilteredRelation(
                    "measure__body_roles",
                    condition=Q(measure__body_roles__body__in=[body.pk, *groups]),
                )
            )
            .filter(roles__isnull=False)
            .annotate(role=F("roles__role"), through_id=F("roles__body_id"))
            .select_related("measure")
            .with_status()
            .order_by("measure__area__number", "measure__position")
        )
        by_role = {MeasureBody.Role.EXECUTOR: [], MeasureBody.Role.RECOMMENDED: [], "through": []}
        for page in label_statuses(pages):
            if page.through_id == body.pk:
                by_role[page.role].append(page)
            else:
                page.through_name = groups[page.through_id].display_name
                by_role["through"].append(page)
        return by_role


def label_statuses(measure_pages, statuses: dict[int, str] | None = None):
    """Give each measure page its status label (and its status, when given separately)."""
    measure_pages = list(measure_pages)
    for page in measure_pages:
        if statuses is not None:
            page.status = statuses.get(page.measure_id, MeasureStatus.NOT_STARTED)
        page.status_label = MeasureStatus(page.status).label
    return measure_pages


class ServesMeasuresMixin:
    """A section that serves some of the plan's measures links to their pages, in its language.

    The section names them in `served_measure_codes`; its template gets `served_measure_pages`.
    """

    served_measure_codes: tuple[str, ...] = ()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["served_measure_pages"] = MeasurePage.objects.in_plan_order(
            locale_id=self.locale_id,
            measure_ids=Measure.objects.filter(code__in=self.served_measure_codes).values("pk"),
        )
        return context


def _one_page_per_language(page, **subject):
    """An area or measure has one page per language; a second would split its links."""
    others = type(page).objects.filter(locale_id=page.locale_id, **subject).exclude(pk=page.pk)
    if page.locale_id and others.exists():
        raise ValidationError(_("This already has a page in this language."))


class PlanPage(RoutablePageMixin, SectionIndexPage):
    """The plan: its dashboard, its areas below it, and the registry of bodies."""

    subpage_types = ["themes.AreaPage"]
    template = "themes/plan_page.html"
    # The admin lists the areas in the plan's order, not by latest edit.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("plan page")

    @classmethod
    def body_url(cls, plan_page: Page, slug: str, request=None) -> str:
        """A body's address under a plan page (which may be a plain Page of this type)."""
        return plan_page.get_url(request) + cls.get_resolver().reverse("body", slug).lstrip("/")

    @path("", name="dashboard")
    def dashboard(self, request):
        return self.render(request, context_overrides=self.dashboard_context(request))

    @path("bodies/", name="bodies")
    def bodies(self, request):
        bodies = sorted(
            bodies_with_measure_counts(locale_id=self.locale_id),
            key=lambda body: collation_key(body.display_name, get_language()),
        )
        return self.render(
            request, template="themes/body_list.html", context_overrides={"bodies": bodies}
        )

    @path("bodies/<slug:slug>/", name="body")
    def body(self, request, slug):
        body, groups = body_and_its_groups(slug, locale_id=self.locale_id)
        if body is None:
            raise Http404
        pages = MeasurePage.objects.naming_body(body, groups=groups, locale_id=self.locale_id)
        return self.render(
            request,
            template="themes/body_detail.html",
            context_overrides={
                "body": body,
                "body_name": body.display_name,
                "executor_pages": pages[MeasureBody.Role.EXECUTOR],
                "recommended_pages": pages[MeasureBody.Role.RECOMMENDED],
                "through_pages": pages["through"],
            },
        )

    def dashboard_context(self, request) -> dict:
        """The dashboard, filtered by what the visitor chose; nonsense values are ignored."""
        filterset, rejected = lenient_filter(
            MeasureFilterSet, request.GET, measures_with_status().select_related("area")
        )
        # The chart shows every status of what the area and body filters chose; the list's
        # length is one of its numbers, so the paginator need not count again.
        counts = status_counts(filterset.without("status"))
        chosen_status = filterset.form.cleaned_data.get("status") if filterset.is_valid() else None
        paginator = Paginator(
            filterset.qs.annotate(report_count=report_count_expression()), MEASURES_PER_PAGE
        )
        paginator.__dict__["count"] = sum(
            n
            for by_status in counts.values()
            for status, n in by_status.items()
            if not chosen_status or status == chosen_status
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        statuses = {measure.pk: measure.status for measure in page_obj}
        pages = MeasurePage.objects.by_measure(locale_id=self.locale_id, measure_ids=statuses)
        measure_pages = label_statuses(
            [pages[measure.pk] for measure in page_obj if measure.pk in pages], statuses
        )
        report_counts = {measure.pk: measure.report_count for measure in page_obj}
        for measure_page in measure_pages:
            measure_page.report_count = report_counts[measure_page.measure_id]
        area_pages = AreaPage.objects.by_area(locale_id=self.locale_id)
        matrix = []
        areas = sorted((page.area for page in area_pages.values()), key=lambda a: a.number)
        for area in areas:
            row = {s: counts.get(area.pk, {}).get(s, 0) for s in MeasureStatus.values}
            matrix.append(
                AreaStatusRow(
                    area=area,
                    title=area_pages[area.pk].title,
                    area_page=area_pages[area.pk],
                    counts=row,
                    total=sum(row.values()),
                )
            )
        filters = chosen_values(filterset)
        return {
            "matrix": matrix,
            "statuses": MeasureStatus.choices,
            "measures": page_obj,
            "measure_pages": measure_pages,
            "overdue_count": sum(row.counts[MeasureStatus.OVERDUE] for row in matrix),
            "filters": filters,
            "rejected_filters": rejected,
            "filter_controls": [
                FilterControl(
                    "theme",
                    _("Thematic area"),
                    _("All areas"),
                    [(row.area.code, f"{row.area.number}. {row.title}") for row in matrix],
                    filters["theme"],
                ),
                FilterControl(
                    "status",
                    _("Status"),
                    _("Any status"),
                    MeasureStatus.choices,
                    filters["status"],
                ),
                FilterControl(
                    "body",
                    _("Body"),
                    _("Any body"),
                    body_choices(locale_id=self.locale_id),
                    filters["body"],
                ),
            ],
        }


class AreaPage(Page):
    area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, related_name="pages", verbose_name=_("area")
    )

    objects = PageManager.from_queryset(AreaPageQuerySet)()

    content_panels = [*Page.content_panels, FieldPanel("area")]
    search_fields = [*Page.search_fields]
    parent_page_types = ["themes.PlanPage"]
    subpage_types = ["themes.MeasurePage"]
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("thematic area page")

    def get_admin_display_title(self):
        return f"{self.area.number}. {super().get_admin_display_title()}"

    def clean(self):
        super().clean()
        _one_page_per_language(self, area=self.area_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["measure_pages"] = MeasurePage.objects.in_plan_order(
            locale_id=self.locale_id,
            measure_ids=Measure.objects.filter(area_id=self.area_id).values("pk"),
        )
        return context


class MeasurePage(Page):
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="pages", verbose_name=_("measure")
    )
    text = models.TextField(
        _("the plan's wording"),
        help_text=_(
            "The measure in full, as the plan words it; shown as the page's heading. When you "
            "change it and leave the title as it was, the title follows."
        ),
    )
    indicator = models.TextField(_("evaluation indicator"))
    body = RichTextField(
        _("explanation"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("Optional context for readers, below the plan's wording."),
    )

    objects = PageManager.from_queryset(MeasurePageQuerySet)()

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                "A short title for lists, breadcrumbs and the browser tab: the code and the "
                "beginning of the plan's wording."
            ),
        ),
        FieldPanel("measure"),
        FieldPanel("text"),
        FieldPanel("indicator"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        # Autocomplete fields are what the admin's page search matches, so an editor finds a
        # measure by any word of its wording, its indicator or its code.
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.SearchField("indicator"),
        index.AutocompleteField("indicator"),
        index.SearchField("body"),
        index.FilterField("measure"),
        index.RelatedFields("measure", [index.AutocompleteField("code")]),
        index.SearchField("body_names_for_search"),
        index.AutocompleteField("body_names_for_search"),
    ]
    parent_page_types = ["themes.AreaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("measure page")

    @cached_property
    def body_names_for_search(self) -> str:
        """Who carries out the measure or is recommended to, by every name the bodies have in
        any language, so an editor finds a measure by a ministry's name. The index entry is
        refreshed when the measure's bodies or their names change (`measure_pages_reindex`).

        Indexing reads it once per part of the entry, so it is worked out once per page, in two
        indexed lookups: one query with a subquery was planned as nested scans while the import
        fills the tables in its transaction, and took seconds per page.
        """
        keys = list(
            Body.objects.filter(measure_roles__measure_id=self.measure_id).values_list(
                "translation_key", flat=True
            )
        )
        names = Body.objects.filter(translation_key__in=keys).values_list("name", flat=True)
        return " ".join(sorted(set(names)))

    def clean(self):
        super().clean()
        _one_page_per_language(self, measure=self.measure_id)
        self._title_follows_text()

    def _title_follows_text(self):
        """When an editor changes the wording and leaves the derived title alone, the title
        (and so the breadcrumb) follows the new wording."""
        before = MeasurePage.objects.filter(pk=self.pk).values("title", "text").first()
        if before is None or self.text == before["text"] or self.title != before["title"]:
            return
        code = self.measure.code
        if before["title"] == measure_short_title(code, before["text"]):
            self.title = measure_short_title(code, self.text)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page is served in its own language: the active language is its locale's code, so
        # reading the locale row would be a query for what is already known.
        context.update(
            measure_detail(self.measure_id, locale_id=self.locale_id, language_code=get_language())
        )
        plan_page = next(a for a in page_trail(request, self) if a.specific_class is PlanPage)
        for role in (*context["executors"], *context["recommended"]):
            role.url = PlanPage.body_url(plan_page, role.body.slug, request)
        return context
