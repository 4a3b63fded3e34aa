"""The plan's pages. Each class holds its whole CMS contract: fields, panels, search fields,
parent and subpage types, and its routes; page lookups are these classes' querysets."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic_platform.collation import collation_key
from civic_platform.models import SectionIndexPage
from civic_platform.selectors import page_trail
from themes.filters import lenient_measure_filter
from themes.models.plan import Measure, MeasureBody, MeasureStatus, ThematicArea
from themes.selectors import (
    bodies_with_measure_counts,
    body_by_slug,
    body_choices,
    measure_detail,
    measures_with_status,
    report_count_expression,
    status_counts,
    status_expression,
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

    def naming_body(self, body, *, locale_id) -> dict[str, list["MeasurePage"]]:
        """The published pages of the measures a body carries out, and of those recommended to
        it, in one query, in the plan's order, each with its status."""
        pages = (
            self.visible()
            .filter(locale_id=locale_id)
            .annotate(
                roles=FilteredRelation(
                    "measure__body_roles", condition=Q(measure__body_roles__body=body)
                )
            )
            .filter(roles__isnull=False)
            .annotate(role=F("roles__role"))
            .select_related("measure")
            .with_status()
            .order_by("measure__area__number", "measure__position")
        )
        by_role = {MeasureBody.Role.EXECUTOR: [], MeasureBody.Role.RECOMMENDED: []}
        for page in label_statuses(pages):
            by_role[page.role].append(page)
        return by_role


def label_statuses(measure_pages, statuses: dict[int, str] | None = None):
    """Give each measure page its status label (and its status, when given separately)."""
    measure_pages = list(measure_pages)
    for page in measure_pages:
        if statuses is not None:
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
        body = body_by_slug(slug, locale_id=self.locale_id)
        if body is None:
            raise Http404
        pages = MeasurePage.objects.naming_body(body, locale_id=self.locale_id)
        return self.render(
            request,
            template="themes/body_detail.html",
            context_overrides={
                "body": body,
                "body_name": body.display_name,
                "executor_pages": pages[MeasureBody.Role.EXECUTOR],
                "recommended_pages": pages[MeasureBody.Role.RECOMMENDED],
            },
        )

    def dashboard_context(self, request) -> dict:
        """The dashboard, filtered by what the visitor chose; nonsense values are ignored."""
        filterset, rejected = lenient_measure_filter(
            request.GET, measures_with_status().select_related("area")
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
        plan_page = next(a for a in page_trail(request, self) if a.specific_class is PlanPage)
        for role in (*context["executors"], *context["recommended"]):
            role.url = PlanPage.body_url(plan_page, role.body.slug, request)
        return context
