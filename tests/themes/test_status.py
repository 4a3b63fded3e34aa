import datetime

import pytest

from tests.factories import ProgressUpdateFactory
from themes.models import Measure, MeasureStatus
from themes.selectors import measure_status

pytestmark = pytest.mark.django_db

DURING = datetime.date(2021, 6, 1)
AFTER = datetime.date(2023, 1, 10)


def _update(measure, *, live=True, completes=False, day=datetime.date(2021, 3, 1)):
    return ProgressUpdateFactory(measure=measure, date=day, completes_measure=completes, live=live)


@pytest.fixture
def measure():
    return Measure.objects.get(code="5.5")  # 2020–2022


def test_a_measure_without_updates_inside_its_deadline_has_not_started(measure):
    assert measure_status(measure, today=DURING) == MeasureStatus.NOT_STARTED


def test_a_published_update_puts_the_measure_in_progress(measure):
    _update(measure)
    assert measure_status(measure, today=DURING) == MeasureStatus.IN_PROGRESS


def test_a_draft_update_does_not_count(measure):
    _update(measure, live=False, completes=True)
    assert measure_status(measure, today=DURING) == MeasureStatus.NOT_STARTED


def test_a_measure_past_its_deadline_without_completion_is_overdue(measure):
    _update(measure)
    assert measure_status(measure, today=AFTER) == MeasureStatus.OVERDUE
    assert measure_status(Measure.objects.get(code="5.6"), today=AFTER) == MeasureStatus.OVERDUE


def test_a_published_completion_makes_the_measure_completed_even_after_the_deadline(measure):
    _update(measure)
    _update(measure, completes=True, day=datetime.date(2022, 12, 1))
    assert measure_status(measure, today=AFTER) == MeasureStatus.COMPLETED
    assert measure_status(measure, today=DURING) == MeasureStatus.COMPLETED


def test_a_single_year_measure_is_overdue_from_the_next_year(db):
    single_year = Measure.objects.get(code="1.1")  # 2020
    assert (
        measure_status(single_year, today=datetime.date(2020, 12, 31)) == MeasureStatus.NOT_STARTED
    )
    assert measure_status(single_year, today=datetime.date(2021, 1, 1)) == MeasureStatus.OVERDUE
