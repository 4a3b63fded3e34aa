"""What municipalities tell notifications: a municipality can be followed (its Azerbaijani row,
whichever language its page was read in), and its followers hear when it publishes a budget
report."""

from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from civic_platform.notifications.registry import (
    EventKind,
    EventText,
    register_followable,
    register_kind,
)
from municipalities.models import Municipality, MunicipalityIndexPage
from municipalities.selectors import municipality_name_in

REPORT_PUBLISHED = "municipalities.report-published"


def report_path(report, language: str | None) -> str | None:
    """The address of a report's page in the language (None without a municipalities page)."""
    index = (
        MunicipalityIndexPage.objects.live()
        .public()
        .filter(locale__language_code=language or settings.LANGUAGE_CODE)
        .first()
    )
    if index is None:
        return None
    return index.url + index.reverse_subpage(
        "report", args=(report.municipality.slug, report.year, report.stage)
    )


def describe_report_published(report) -> EventText:
    return EventText(
        summary=_("%(municipality)s published its budget report: %(stage)s %(year)s")
        % {
            "municipality": municipality_name_in(report.municipality, get_language()),
            "stage": report.get_stage_display(),
            "year": report.year,
        },
        url=report_path(report, get_language()) or "",
    )


def register_notifications() -> None:
    register_followable(
        Municipality,
        label=gettext_lazy("municipality"),
        queryset=Municipality.objects.in_source_language,
    )
    register_kind(
        EventKind(
            key=REPORT_PUBLISHED,
            label=gettext_lazy("Budget reports of a municipality you follow"),
            description=gettext_lazy("A municipality you follow publishes a budget report."),
            describe=describe_report_published,
            subject=lambda report: report.municipality,
        )
    )
