"""The public side of the municipalities section, served by the section's index page as its
own routes (README, "Pages own their routes"):

    ""                                   the registry, filtered by district or city and kind
    compare/?year=&sort=&order=          budgets compared across municipalities
    scoreboard/?year=                    which stages each municipality published, how late
    <slug>/                              a municipality: council, reports, consultations
    <slug>/budgets/<year>/<stage>/       a budget report with its charts and tables
    <slug>/budgets/<year>/<stage>/csv/categories/        each chart's table as a CSV file: by
    <slug>/budgets/<year>/<stage>/csv/planned-executed/  category, planned against executed
    <slug>/budgets/<year>/<stage>/csv/years/             (execution reports), year over year
(a download's address ends in a slash like every page's: Wagtail serves no other; the file is
named .csv by its Content-Disposition). Each chart, its table and its download are drawn from
one table of municipalities.chart_tables.

Reads go through municipalities.selectors; nothing here writes.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site

from civic_platform.filters import FilterControl, chosen_values, lenient_filter
from civic_platform.renderers import CSVRenderer, csv_lines
from municipalities import selectors
from municipalities.chart_tables import (
    ChartTable,
    category_table,
    execution_table,
    shown_amount,
    yearly_table,
)
from municipalities.charts import bar_chart
from municipalities.choices import EXECUTION_STAGES, LineKind, MunicipalityKind, Stage
from municipalities.deadlines import deadlines_of, last_complete_year
from municipalities.filters import MunicipalityPageFilterSet

MUNICIPALITIES_PER_PAGE = 20
ROWS_PER_PAGE = 50
LINES_PER_PAGE = 200


def _chosen_year(request, years: list[int]) -> int | None:
    """The year asked for when it is one of `years` (newest first), else the last complete
    budget year: a newer year has no annual execution due yet, and often only drafts. Outside
    `years`, the nearest end of them."""
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    if not years:
        return None
    return min(max(last_complete_year(timezone.localdate()), years[-1]), years[0])


class MunicipalityRoutesMixin(RoutablePageMixin):
    @path("", name="index")
    def index(self, request):
        municipalities = selectors.municipalities_in_language(locale_id=self.locale_id)
        filterset, rejected = lenient_filter(MunicipalityPageFilterSet, request.GET, municipalities)
        filters = chosen_values(filterset)
        regions = selectors.municipality_regions(locale_id=self.locale_id)
        return self.render(
            request,
            context_overrides={
                "municipalities": Paginator(filterset.qs, MUNICIPALITIES_PER_PAGE).get_page(
                    request.GET.get("page")
                ),
                "rejected_filters": rejected,
                "filter_controls": [
                    FilterControl(
                        "region", _("District or city"), _("Any"), regions, filters["region"]
                    ),
                    FilterControl(
                        "kind", _("Kind"), _("Any kind"), MunicipalityKind.choices, filters["kind"]
                    ),
                ],
            },
        )

    @path("compare/", name="compare")
    def compare(self, request):
        years = selectors.report_years()
        year = _chosen_year(request, years)
        sort = request.GET.get("sort", "name")
        sort = sort if sort in selectors.COMPARISON_SORTS else "name"
        descending = request.GET.get("order") == "desc"
        rows = (
            selectors.budget_comparison(
                year=year, locale_id=self.locale_id, sort=sort, descending=descending
            )
            if year is not None
            else []
        )
        columns = [
            ("name", _("Municipality")),
            ("per_resident", _("Expenditure per resident, manat")),
            ("own_revenue_share", _("Own revenue, share of all revenue (%)")),
            ("execution_rate", _("Expenditure executed, share of planned (%)")),
        ]
        return self.render(
            request,
            template="municipalities/comparison.html",
            context_overrides={
                "years": years,
                "year": year,
                "sort": sort,
                "descending": descending,
                "columns": [
                    {
                        "key": key,
                        "label": label,
                        "sorted": key == sort,
                        # A second click on the sorted column turns its order round.
                        "next_order": "asc" if key == sort and descending else "desc",
                    }
                    for key, label in columns
                ],
                "rows": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            },
        )

    @path("scoreboard/", name="scoreboard")
    def scoreboard(self, request):
        years = selectors.report_years()
        year = _chosen_year(request, years)
        rows = selectors.scoreboard(year=year, locale_id=self.locale_id) if year else []
        return self.render(
            request,
            template="municipalities/scoreboard.html",
            context_overrides={
                "years": years,
                "year": year,
                "stages": Stage.choices,
                "deadlines": deadlines_of(year) if year else [],
                "rows": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            },
        )

    @path("<slug:slug>/", name="municipality")
    def municipality(self, request, slug):
        municipality = selectors.municipality_shown(slug, locale_id=self.locale_id)
        if municipality is None:
            raise Http404
        return self.render(
            request,
            template="municipalities/municipality.html",
            context_overrides={
                "municipality": municipality,
                "reports": selectors.reports_of_municipality(municipality),
                "consultations": selectors.open_consultations_of(
                    municipality, locale_id=self.locale_id
                ),
            },
        )

    @path("<slug:slug>/budgets/<int:year>/<str:stage>/", name="report")
    def report(self, request, slug, year, stage):
        municipality, report = self._published_report(slug, year, stage)
        # As {% routablepageurl %} writes a route's address.
        base = self.relative_url(Site.find_for_request(request), request).rstrip("/") + "/"

        def year_link(other) -> str:
            if other.pk == report.pk:
                return ""
            return base + self.reverse_subpage(
                "report", args=(municipality.slug, other.year, other.stage)
            )

        return self.render(
            request,
            template="municipalities/report.html",
            context_overrides={
                "municipality": municipality,
                "report": report,
                "consultation": selectors.consultation_on_draft(report, locale_id=self.locale_id),
                "lines": Paginator(selectors.report_lines(report), LINES_PER_PAGE).get_page(
                    request.GET.get("page")
                ),
            }
            | report_charts(report, municipality, year_link=year_link),
        )

    @path("<slug:slug>/budgets/<int:year>/<str:stage>/csv/categories/", name="categories_csv")
    def categories_csv(self, request, slug, year, stage):
        municipality, report = self._published_report(slug, year, stage)
        table = category_table(selectors.category_sums(report))
        return _csv_download(table, _download_name(report, "categories"))

    @path(
        "<slug:slug>/budgets/<int:year>/<str:stage>/csv/planned-executed/",
        name="planned_executed_csv",
    )
    def planned_executed_csv(self, request, slug, year, stage):
        municipality, report = self._published_report(slug, year, stage)
        # Only an execution report has the chart, so only it has the download.
        if report.stage not in EXECUTION_STAGES:
            raise Http404
        table = execution_table(selectors.category_sums(report))
        return _csv_download(table, _download_name(report, "planned-executed"))

    @path("<slug:slug>/budgets/<int:year>/<str:stage>/csv/years/", name="years_csv")
    def years_csv(self, request, slug, year, stage):
        municipality, report = self._published_report(slug, year, stage)
        table = yearly_table(selectors.year_over_year(municipality, report.stage), report.stage)
        return _csv_download(table, _download_name(report, "years"))

    def _published_report(self, slug, year, stage):
        """The municipality and its published report at the address, else not found."""
        if stage not in Stage.values:
            raise Http404
        municipality = selectors.municipality_shown(slug, locale_id=self.locale_id)
        report = selectors.report_of(municipality, year, stage) if municipality else None
        if report is None:
            raise Http404
        return municipality, report


def _download_name(report, chart: str) -> str:
    return f"budget-{report.municipality.slug}-{report.year}-{report.stage}-{chart}.csv"


def _csv_download(table: ChartTable, filename: str) -> HttpResponse:
    # A chart's table has a row per category or year, a few dozen at most: written whole rather
    # than streamed, so the anonymous page cache keeps it like the page it belongs to.
    response = HttpResponse(
        "".join(csv_lines(table.keys, table.records())),
        content_type=f"{CSVRenderer.media_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_charts(report, municipality, *, year_link) -> dict:
    """The report page's charts (SVG, None when empty) and the tables they are drawn from."""
    sums = selectors.category_sums(report)
    executed = report.stage in EXECUTION_STAGES
    amount = shown_amount(report.stage)
    amount_label = _("Executed") if executed else _("Planned")
    by_category = category_table(sums)
    by_kind = {kind: by_category.where("kind", kind) for kind in LineKind.values}
    execution = execution_table(sums)
    yearly = yearly_table(
        selectors.year_over_year(municipality, report.stage), report.stage, link=year_link
    )
    return {
        "executed": executed,
        "category_tables": by_kind,
        "execution_table": execution,
        "yearly_table": yearly,
        "revenue_chart": bar_chart(
            by_kind[LineKind.REVENUE].chart_rows(label="name", values=(amount,)),
            series=(amount_label,),
            labelled_by="revenue-caption",
        ),
        "expenditure_chart": bar_chart(
            by_kind[LineKind.EXPENDITURE].chart_rows(label="name", values=(amount,)),
            series=(amount_label,),
            labelled_by="expenditure-caption",
        ),
        "execution_chart": bar_chart(
            execution.chart_rows(label="name", values=("planned", "executed")),
            series=(_("Planned"), _("Executed")),
            labelled_by="execution-caption",
        )
        if executed
        else None,
        "yearly_chart": bar_chart(
            yearly.chart_rows(label="year", values=(f"revenue_{amount}", f"expenditure_{amount}")),
            series=(_("Revenue"), _("Expenditure")),
            labelled_by="yearly-caption",
        )
        if len(yearly.rows) > 1
        else None,
        "csv_url": f"/api/v1/budgets/{report.pk}/?format=csv",
        # The descriptor's title in the language the page is read in.
        "datapackage_url": f"/api/v1/budgets/{report.pk}/datapackage.json?lang={get_language()}",
    }
