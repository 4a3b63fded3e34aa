"""A consultation opens and closes on time by its dates, not by anybody's action: a periodic
job (registered in apps.py, run by the project's worker) tells followers when one opened or
closed, each once, and recounts the plan's indicators that consultations feed."""

import datetime

from django.db import transaction
from django.utils import timezone

from civic_platform.notifications.services import event_record
from consultations.indicators import MEASURE_CODES
from consultations.notifications import CONSULTATION_CLOSED, CONSULTATION_OPENED
from consultations.search import consultations_status_changed
from consultations.selectors import consultations_to_announce
from themes.models import Measure
from themes.services import indicator_snapshots_refresh

# How often the job runs, and how far back it looks: a worker that was down for a day still
# announces what happened meanwhile; the dedupe key keeps each announcement to one.
RUN_EVERY = datetime.timedelta(minutes=5)
LOOK_BACK = datetime.timedelta(days=2)


def consultation_indicators_refresh() -> None:
    indicator_snapshots_refresh(measures=Measure.objects.filter(code__in=MEASURE_CODES))


def _dedupe_key(kind: str, page, moment: datetime.datetime) -> str:
    # The moment is part of the key: a consultation an editor reopens later is news again.
    return f"{kind}:{page.pk}:{moment.isoformat()}"


@transaction.atomic
def consultations_announce(*, now: datetime.datetime | None = None) -> int:
    """Record the openings and closings since the look-back; return how many were new. The
    search documents of a consultation that opened or closed are indexed again with their
    new status (once, with the announcement)."""
    now = now or timezone.now()
    opened, closed = consultations_to_announce(now=now, since=now - LOOK_BACK)
    recorded = 0
    changed = []
    for page in opened:
        if page.closes_at <= now:
            continue  # opened and closed while nobody looked: only the closing is news
        event = event_record(
            kind=CONSULTATION_OPENED,
            occurrence=page,
            dedupe_key=_dedupe_key(CONSULTATION_OPENED, page, page.opens_at),
        )
        recorded += event is not None
        if event is not None:
            changed.append(page)
    for page in closed:
        event = event_record(
            kind=CONSULTATION_CLOSED,
            occurrence=page,
            dedupe_key=_dedupe_key(CONSULTATION_CLOSED, page, page.closes_at),
        )
        recorded += event is not None
        if event is not None:
            changed.append(page)
    consultations_status_changed(changed)
    return recorded


def consultations_periodic_run() -> None:
    consultations_announce()
    consultation_indicators_refresh()


def next_periodic_run_after(moment: datetime.datetime) -> datetime.datetime:
    return moment + RUN_EVERY
