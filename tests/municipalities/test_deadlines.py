import datetime

import pytest

from municipalities.deadlines import last_complete_year, legal_deadline


@pytest.mark.parametrize(
    ("year", "stage", "deadline"),
    [
        # Submitted to the meeting by 15 October, published within 10 days.
        (2026, "draft", datetime.date(2025, 10, 25)),
        # Adopted by 20 December (a Saturday in 2025), placed within 3 working days.
        (2026, "approved", datetime.date(2025, 12, 24)),
        # 20 December 2024 was a Friday: the weekend does not count.
        (2025, "approved", datetime.date(2024, 12, 25)),
        (2026, "q1", datetime.date(2026, 4, 30)),
        # Due by 15 July, approved within 15 days.
        (2026, "q2", datetime.date(2026, 7, 30)),
        (2026, "q3", datetime.date(2026, 10, 31)),
        # Due by 30 January of the next year, approved within 15 days.
        (2025, "annual", datetime.date(2026, 2, 14)),
    ],
)
def test_each_stage_is_due_on_the_day_the_law_gives(year, stage, deadline):
    assert legal_deadline(year, stage) == deadline


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError):
        legal_deadline(2026, "q5")


@pytest.mark.parametrize(
    ("today", "year"),
    [
        # 2025's annual execution is due on 14 February 2026: counted from the day after.
        (datetime.date(2026, 2, 14), 2024),
        (datetime.date(2026, 2, 15), 2025),
        (datetime.date(2026, 12, 31), 2025),
    ],
)
def test_the_last_complete_year_is_the_latest_whose_annual_execution_is_overdue(today, year):
    assert last_complete_year(today) == year
