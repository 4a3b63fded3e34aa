"""When each stage of a municipality's budget for a year is due to be public: the one rule the
scoreboard, the API and the admin read (documented in the README, "Budget reports").

The budget is adopted before its year begins, its draft published for discussion before
that; each quarter's execution is reported within a month of the quarter's end, the year's
execution by the first of May of the next year (the calendar of the Law on the budget system,
which the Law on the basis of municipal finances applies to local budgets).
"""

import datetime

from municipalities.choices import Stage


def legal_deadline(year: int, stage: str) -> datetime.date:
    """The last day on which the report of `stage` for the budget of `year` is on time."""
    if stage == Stage.DRAFT:
        return datetime.date(year - 1, 11, 15)
    if stage == Stage.APPROVED:
        return datetime.date(year - 1, 12, 31)
    if stage == Stage.Q1:
        return datetime.date(year, 4, 30)
    if stage == Stage.Q2:
        return datetime.date(year, 7, 31)
    if stage == Stage.Q3:
        return datetime.date(year, 10, 31)
    if stage == Stage.ANNUAL:
        return datetime.date(year + 1, 5, 1)
    raise ValueError(f"Unknown stage {stage!r}")
