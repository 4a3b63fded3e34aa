"""The plan's pages. Each class holds its whole CMS contract: fields, panels, search fields,
parent and subpage types, and its routes; page lookups are these classes' querysets."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic_platform.models import SectionIndexPage
from themes.filters import lenient_measure_filter
from themes.models.plan import Measure, MeasureStatus, ThematicArea
from themes.selectors import (
    bodies_with_measure_counts,
    body_by_slug,
    body_choices,
    body_measure_ids,
    body_names,
    measure_detail,
    measures_with_status,
    status_counts,
    statuses_by_measure,
)

MEASURES_PER_PAGE = 25


@dataclass
class AreaStatusRow:
    """One thematic area's line of the dashboard chart and of its table."""

    area: ThematicArea
    title: str
    area_page: Page | None
    counts: dict[str, int]
    total: int


class AreaPageQuerySet(PageQuerySet):
    def by_area(self, *, locale_id) -> dict[int, "AreaPage"]:
        """Published area pages in one language by area id, in one query."""
        pages = self.live().public().filter(locale_id=locale_id).select_related("area")
        return {page.area_id: page for page in pages}


class MeasurePageQuerySet(PageQuerySet):
    def by_measure(self, *, locale_id, measure_ids=None) -> dict[int, "MeasurePage"]:
        """Published measure pages in one language by measure id; None means every measure."""
        pages = self.live().public().filter(locale_id=locale_id).select_related("measure")
        if measure_ids is not None:
            pages = pages.filter(measure_id__in=list(measure_ids))
        return {page.measure_id: page for page in pages}

    def in_plan_order(self, *, locale_id, measure_ids) -> list["MeasurePage"]:
        """The published pages of these measures, in the order given, each with its status."""
        measure_ids = list(measure_ids)
        pages = self.by_measure(locale_id=locale_id, measure_ids=measure_ids)
        statuses = statuses_by_measure(measure_ids)
        ordered = [pages[pk] for pk in measure_ids if pk in pages]
        return with_status(ordered, statuses)


def with_status(measure_pages, statuses: dict[int, str]):
    for page in measure_pages:
        page.status = statuses.get(page.measure_id, MeasureStatus.NOT_STARTED)
        page.status_label = MeasureStatus(page.status).label
    return measure_pages


def _one_page_per_language(page, **subject):
    """An area or measure has one page per language; a second would split its links."""
    others = type(page).objects.filter(locale_id=page.locale_id, **subject).exclude(pk=page.pk)
    if page.locale_id and others.exists():
        raise ValidationError(_("This already has a page in this language."))


class PlanPage(RoutablePageMixin, SectionIndexPage):
    """The plan: its dashboard, its areas below it, and the registry of bodies."""

    subpage_types = ["themes.AreaPage"]
    template = "themes/plan_page.html"

    class Meta:
        verbose_name = _("plan page")

    def route(self, request, path_components):
        """The plan's own routes first; then its area and measure pages, found by their address
        in one query instead of one level of the tree at a time."""
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                page = (
                    Page.objects.filter(url_path=f"{self.url_path}{'/'.join(path_components)}/")
                    .specific()
                    .first()
                )
                if page is None or not page.live:
                    raise
                return page.route(request, [])
        return super().route(request, path_components)

    @classmethod
    def body_url(cls, plan_page: Page, slug: str, request=None) -> str:
        """A body's address under a plan page (which may be a plain Page of this type)."""
        return plan_page.get_url(request) + cls.get_resolver().reverse("body", slug).lstrip("/")

    @path("", name="dashboard")
    def dashboard(self, request):
        return self.render(request, context_overrides=self.dashboard_context(request))

    @path("bodies/", name="bodies")
    def bodies(self, request):
        names = body_names(locale_id=self.locale_id)
        bodies = sorted(
            bodies_with_measure_counts(),
            key=lambda body: names.get(body.translation_key, body.name).casefold(),
        )
        for body in bodies:
            body.display_name = names.get(body.translation_key, body.name)
        return self.render(
            request, template="themes/body_list.html", context_overrides={"bodies": bodies}
        )

    @path("bodies/<slug:slug>/", name="body")
    def body(self, request, slug):
        body = body_by_slug(slug)
        if body is None:
            raise Http404
        measure_ids = body_measure_ids(body)
        pages = MeasurePage.objects.by_measure(
            locale_id=self.locale_id, measure_ids=[pk for ids in measure_ids.values() for pk in ids]
        )
        statuses = statuses_by_measure(pages)
        as_pages = {
            role: with_status([pages[pk] for pk in ids if pk in pages], statuses)
            for role, ids in measure_ids.items()
        }
        return self.render(
            request,
            template="themes/body_detail.html",
            context_overrides={
                "body": body,
                "body_name": body_names(locale_id=self.locale_id).get(
                    body.translation_key, body.name
                ),
                "executor_pages": as_pages["executor"],
                "recommended_pages": as_pages["recommended"],
            },
        )

    def dashboard_context(self, request) -> dict:
        """The dashboard, filtered by what the visitor chose; nonsense values are ignored."""
        filterset, rejected = lenient_measure_filter(
            request.GET, measures_with_status().select_related("area")
        )
        measures = filterset.qs
        page_obj = Paginator(measures, MEASURES_PER_PAGE).get_page(request.GET.get("page"))
        statuses = {measure.pk: measure.status for measure in page_obj}
        pages = MeasurePage.objects.by_measure(locale_id=self.locale_id, measure_ids=statuses)
        measure_pages = with_status(
            [pages[measure.pk] for measure in page_obj if measure.pk in pages], statuses
        )
        # The chart shows every status of what the area and body filters chose.
        counts = status_counts(filterset.without("status"))
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
        return {
            "matrix": matrix,
            "statuses": MeasureStatus.choices,
            "measures": page_obj,
            "measure_pages": measure_pages,
            "overdue_count": sum(row.counts[MeasureStatus.OVERDUE] for row in matrix),
            "bodies": body_choices(locale_id=self.locale_id),
            "filters": {name: filterset.data.get(name) or "" for name in filterset.base_filters},
            "rejected_filters": rejected,
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

    class Meta:
        verbose_name = _("thematic area page")

    def clean(self):
        super().clean()
        _one_page_per_language(self, area=self.area_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        measure_ids = Measure.objects.filter(area_id=self.area_id).values_list("pk", flat=True)
        context["measure_pages"] = MeasurePage.objects.in_plan_order(
            locale_id=self.locale_id, measure_ids=measure_ids
        )
        return context


class MeasurePage(Page):
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="pages", verbose_name=_("measure")
    )
    text = models.TextField(
        _("text of the measure"),
        help_text=_("As the plan words it. The page title is a shortened form for listings."),
    )
    indicator = models.TextField(_("evaluation indicator"))
    body = RichTextField(
        _("explanation"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("Optional context for readers; the plan's own text is the title."),
    )

    objects = PageManager.from_queryset(MeasurePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("measure"),
        FieldPanel("text"),
        FieldPanel("indicator"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("text"),
        index.SearchField("indicator"),
        index.SearchField("body"),
        index.FilterField("measure"),
    ]
    parent_page_types = ["themes.AreaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("measure page")

    def clean(self):
        super().clean()
        _one_page_per_language(self, measure=self.measure_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded only if another app's linked-item provider asks for it.
        locale = SimpleLazyObject(lambda: self.locale)
        context.update(measure_detail(self.measure_id, locale_id=self.locale_id, locale=locale))
        ancestors = list(self.get_ancestors())
        context["ancestors"] = ancestors
        plan_page = next(a for a in ancestors if a.specific_class is PlanPage)
        for role in (*context["executors"], *context["recommended"]):
            role.url = PlanPage.body_url(plan_page, role.body.slug, request)
        return context
