"""When each stage of a municipality's budget for a year is due to be public: the one rule the
scoreboard, the API and the admin read (documented in the README, "Budget reports").

The dates follow the law, stage by stage:
- draft: the chair submits the draft decision on the budget to the municipal meeting by
  15 October of the year before, and it is published within 10 days of submission (Law on the
  basis of municipal finances, article 10);
- approved: the meeting adopts the budget by 20 December of the year before (same article),
  and a municipality places an adopted act in the supervisory body's information system within
  3 working days (Law on administrative supervision of municipalities, as amended in 2024);
- q2, the half-year: financial reports are due by the 15th of the month after the period and
  the meeting approves them within 15 days, publishing them at once (same amendment);
- annual: the year's financial report is due by 30 January of the next year, approved within
  15 days;
- q1 and q3: the law asks for no quarterly report, so the platform sets its own target, a
  month after the quarter's end, and the scoreboard counts against it the same way.
"""

import datetime
from dataclasses import dataclass

from municipalities.choices import Stage

# The stages the law sets no deadline for: their deadline is the platform's own target.
PLATFORM_TARGET_STAGES = (Stage.Q1, Stage.Q3)
WORKING_DAYS_TO_PLACE_AN_ACT = 3
DAYS_TO_PUBLISH_A_DRAFT = 10
DAYS_TO_APPROVE_A_REPORT = 15


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) after `day`."""
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def legal_deadline(year: int, stage: str) -> datetime.date:
    """The last day on which the report of `stage` for the budget of `year` is on time."""
    approval_days = datetime.timedelta(days=DAYS_TO_APPROVE_A_REPORT)
    if stage == Stage.DRAFT:
        return datetime.date(year - 1, 10, 15) + datetime.timedelta(days=DAYS_TO_PUBLISH_A_DRAFT)
    if stage == Stage.APPROVED:
        return working_days_after(datetime.date(year - 1, 12, 20), WORKING_DAYS_TO_PLACE_AN_ACT)
    if stage == Stage.Q1:
        return datetime.date(year, 4, 30)
    if stage == Stage.Q2:
        return datetime.date(year, 7, 15) + approval_days
    if stage == Stage.Q3:
        return datetime.date(year, 10, 31)
    if stage == Stage.ANNUAL:
        return datetime.date(year + 1, 1, 30) + approval_days
    raise ValueError(f"Unknown stage {stage!r}")


@dataclass(frozen=True)
class StageDeadline:
    stage: str
    label: str
    deadline: datetime.date
    # True where the law sets none and the date is the platform's own target.
    is_target: bool


def deadlines_of(year: int) -> list[StageDeadline]:
    """Every stage's deadline for the budget of `year`, in the order of the budget's year: what
    the scoreboard states, from the same rule it counts by."""
    return [
        StageDeadline(
            stage=stage,
            label=label,
            deadline=legal_deadline(year, stage),
            is_target=stage in PLATFORM_TARGET_STAGES,
        )
        for stage, label in Stage.choices
    ]


def last_complete_year(today: datetime.date) -> int:
    """The latest budget year whose annual execution was due before `today`: the year the
    indicators and the demonstration content count."""
    year = today.year - 1
    return year if legal_deadline(year, Stage.ANNUAL) < today else year - 1
