"""The plan's indicators computed from consultations: the discussion of the draft state budget
(measure 2.2) and the Government–Civil Society dialogue sessions (measure 5.6).

Values are stored snapshots (themes): the consultations' periodic job recomputes them, as do
a consultation's publication and its closing."""

from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consultations.choices import RespondentType
from consultations.selectors import (
    dialogue_sessions_held_count,
    state_budget_answered_share,
    state_budget_comment_count,
)
from themes.registry import Indicator, indicators

STATE_BUDGET_MEASURE = "2.2"
DIALOGUE_MEASURE = "5.6"
MEASURE_CODES = (STATE_BUDGET_MEASURE, DIALOGUE_MEASURE)


def register_consultation_indicators() -> None:
    for respondent_type in RespondentType:
        indicators.register(
            Indicator(
                key=f"consultations.state_budget_comments.{respondent_type.value}",
                label=format_lazy(
                    _("Comments on the draft state budget: {respondent_type}"),
                    respondent_type=respondent_type.label,
                ),
                method=format_lazy(
                    _(
                        "The number of visible comments by respondents of the type "
                        "“{respondent_type}” on published draft state budget consultations."
                    ),
                    respondent_type=respondent_type.label,
                ),
                measures=(STATE_BUDGET_MEASURE,),
                compute=partial(state_budget_comment_count, respondent_type=respondent_type),
            )
        )
    indicators.register(
        Indicator(
            key="consultations.state_budget_answered_share",
            label=_("Comments on the draft state budget with an official answer"),
            method=_(
                "The share of visible comments on published draft state budget consultations "
                "that the owning body has answered."
            ),
            measures=(STATE_BUDGET_MEASURE,),
            compute=state_budget_answered_share,
            unit="%",
        )
    )
    indicators.register(
        Indicator(
            key="consultations.dialogue_sessions_held",
            label=_("Dialogue sessions held"),
            method=_(
                "The number of published dialogue sessions between government and civil "
                "society whose scheduled time has ended."
            ),
            measures=(DIALOGUE_MEASURE,),
            compute=dialogue_sessions_held_count,
        )
    )
