"""Reads of councils: for other apps (an organisation's seats, the plan's indicators) and for
notifications (the council a page belongs to, in the reader's language)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language, gettext

from civic_platform.collation import collation_key
from civic_platform.organisations.registry import ActivityItem
from councils.choices import MeetingStatus
from councils.models import CouncilMember, CouncilPage, MeetingPage, MinutesPage
from councils.models.pages import MINUTES_DUE_AFTER
from themes.registry import LinkedItem


def council_seats_of(organisation, *, locale, limit: int) -> list[ActivityItem]:
    """The seats the organisation's people hold on live councils, in the page's language."""
    seats = (
        CouncilMember.objects.filter(
            affiliation=organisation, council__live=True, council__locale=locale
        )
        .select_related("council")
        .order_by("council__title", "sort_order")[:limit]
    )
    return [
        ActivityItem(
            kind=seat.get_role_display(),
            title=f"{seat.council.title}: {seat.name}",
            url=seat.council.url,
        )
        for seat in seats
    ]


def councils_serving(
    measure, *, locale_id: int, language_code: str, limit: int
) -> list[LinkedItem]:
    """The live councils in the page's language that serve the measure, for its page: the way
    back from a council's "plan measures served". One query, whatever the number of councils."""
    councils = (
        CouncilPage.objects.published()
        .filter(locale_id=locale_id, measures=measure)
        .order_by("title", "pk")[:limit]
    )
    return [
        LinkedItem(kind=gettext("Public council"), title=council.title, url=council.url)
        for council in sorted(
            councils, key=lambda council: collation_key(council.title, language_code)
        )
    ]


# --- Councils as followed, and their pages in the reader's language ------------------------------


def followable_councils():
    return CouncilPage.objects.in_source_language().live()


def council_of(page) -> CouncilPage | None:
    """The council (in Azerbaijani) a meeting or minutes page belongs to, in one query."""
    ancestors = CouncilPage.objects.ancestor_of(page, inclusive=True)
    return (
        CouncilPage.objects.in_source_language()
        .filter(translation_key__in=ancestors.values("translation_key"))
        .first()
        or ancestors.first()
    )


def in_active_language(page):
    """The published translation of a page in the active language, else the page itself."""
    return (
        page.specific_class.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=get_language())
        .first()
        or page
    )


# --- Indicators (measures 5.5 and 5.4), from the published Azerbaijani pages --------------------

# A council "publishes minutes" when some were first published this recently.
RECENT_MINUTES_WINDOW = datetime.timedelta(days=90)


def _published_source(model):
    # Meetings and minutes count only while their council (and meeting) are published too.
    return model.objects.published().filter(locale__language_code=settings.LANGUAGE_CODE)


def councils_in_registry_count(measure=None) -> int:
    return _published_source(CouncilPage).count()


def councils_with_recent_minutes_count(measure=None, *, now=None) -> int:
    since = (now or timezone.now()) - RECENT_MINUTES_WINDOW
    recent = _published_source(MinutesPage).filter(
        path__startswith=OuterRef("path"), first_published_at__gte=since
    )
    return _published_source(CouncilPage).filter(Exists(recent)).count()


def minutes_on_time_share(measure=None, *, now=None) -> Decimal:
    """The percentage of meetings whose minutes were first published within MINUTES_DUE_AFTER
    of the meeting, among the meetings whose minutes are published or due: a held meeting
    whose minutes are overdue counts as late."""
    now = now or timezone.now()
    published_at = (
        _published_source(MinutesPage)
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by("first_published_at")
        .values("first_published_at")[:1]
    )
    meetings = _published_source(MeetingPage).annotate(minutes_published_at=Subquery(published_at))
    counted = meetings.filter(
        Q(minutes_published_at__isnull=False)
        | Q(status=MeetingStatus.HELD, starts_at__lt=now - MINUTES_DUE_AFTER)
    )
    counts = counted.aggregate(
        total=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(minutes_published_at__lte=F("starts_at") + MINUTES_DUE_AFTER),
        ),
    )
    if not counts["total"]:
        return Decimal(0)
    share = Decimal(100 * counts["on_time"]) / Decimal(counts["total"])
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meetings_with_ngo_representatives_count(measure=None) -> int:
    """Meetings whose published minutes count at least one NGO representative present."""
    return _published_source(MinutesPage).filter(ngo_representatives__gt=0).count()
