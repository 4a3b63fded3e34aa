"""What the plan tells notifications: measures can be followed, and their followers hear when a
progress update on one is published."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from civic_platform.notifications.registry import (
    EventKind,
    EventText,
    register_followable,
    register_kind,
)
from themes.models import Measure, MeasurePage

PROGRESS_UPDATE_PUBLISHED = "themes.progress-update-published"


def _measure_page(measure_id: int):
    return (
        MeasurePage.objects.live()
        .filter(measure_id=measure_id, locale__language_code=get_language())
        .first()
    )


def describe_progress_update(update) -> EventText:
    page = _measure_page(update.measure_id)
    title = page.title if page is not None else update.measure.code
    summary = Truncator(strip_tags(update.summary)).words(25)
    return EventText(
        summary=_("Progress on %(title)s: %(summary)s") % {"title": title, "summary": summary},
        url=page.url if page is not None else "",
    )


def register_notifications() -> None:
    # "5.5. title" in the reader's language, from one annotated query for all followed measures.
    register_followable(
        Measure, label=gettext_lazy("measure"), queryset=lambda: Measure.objects.with_page_title()
    )
    register_kind(
        EventKind(
            key=PROGRESS_UPDATE_PUBLISHED,
            label=gettext_lazy("Progress on a measure you follow"),
            description=gettext_lazy(
                "A progress update on a measure you follow is approved and published."
            ),
            describe=describe_progress_update,
            subject=lambda update: update.measure,
        )
    )
