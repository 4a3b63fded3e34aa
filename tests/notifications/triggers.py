"""How each registered kind of event happens for real, for the tests that deliver every kind.

Each later app adds its kinds here: trigger(recipient) makes `recipient` someone who should hear
of the event (following what it concerns, or being its explicit recipient), then does what
raises it the way the app does, and returns a piece of text the notification must show.
"""

import datetime

from django.core.management import call_command

from civic_platform.notifications import services
from civic_platform.organisations import services as organisation_services
from civic_platform.organisations.models import Kind, Region
from civic_platform.organisations.notifications import MEMBER_JOINED, VERIFICATION_DECIDED
from consultations.notifications import ANSWER_GIVEN, CONSULTATION_CLOSED, CONSULTATION_OPENED
from consultations.services.answers import answer_give
from consultations.services.lifecycle import consultations_announce
from councils.notifications import MEETING_SCHEDULED, MINUTES_PUBLISHED
from municipalities.notifications import REPORT_PUBLISHED
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.consultations.helpers import make_comment, make_consultation, owning_body
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import ProgressUpdateFactory, UserFactory
from tests.municipalities.helpers import EXECUTION_CSV, registry
from tests.organisations.helpers import moderator, pdf
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED


def publish_progress_update(recipient, *, code="5.5", words="Yeni hesabat dərc olundu") -> str:
    measure = Measure.objects.get(code=code)
    services.follow(user=recipient, obj=measure)
    update = ProgressUpdateFactory(measure=measure, live=False, summary=f"<p>{words}</p>")
    # The path every approval ends in: a revision published.
    update.save_revision().publish()
    return words


def _organisation_represented_by(recipient, name):
    return organisation_services.organisation_create(
        user=recipient, name=name, kind=Kind.NGO, region=Region.BAKU
    )


def decide_verification(recipient, *, name="Şəffaf Bələdiyyə Birliyi") -> str:
    organisation = _organisation_represented_by(recipient, name)
    request = organisation_services.verification_request_create(
        organisation=organisation, user=recipient, documents=[pdf()]
    )
    organisation_services.verification_request_decide(
        verification_request=request, moderator=moderator()[0], approve=True
    )
    return name


def accept_invitation(recipient, *, name="Gənc Hüquqşünaslar Fondu") -> str:
    organisation = _organisation_represented_by(recipient, name)
    newcomer = UserFactory()
    invitation = organisation_services.invitation_create(
        organisation=organisation,
        invited_by=recipient,
        email=newcomer.email,
        role="member",
        link_base="https://example.org/invitations/",
    )
    organisation_services.invitation_accept(invitation=invitation, user=newcomer)
    return name


def _followed_council(recipient, slug):
    call_command("ensure_site_structure", verbosity=0)
    council = make_council("Ekologiya Şurası", slug=slug)
    services.follow(user=recipient, obj=council)
    return council


def schedule_meeting(recipient) -> str:
    council = _followed_council(recipient, "ekologiya-surasi")
    meeting = make_meeting(council, slug="su-ehtiyatlari", days_ago=-7, status="planned")
    return meeting.title


def publish_minutes(recipient) -> str:
    council = _followed_council(recipient, "ekologiya-surasi")
    # The meeting was held: no "meeting scheduled" on the way.
    meeting = make_meeting(council, slug="su-ehtiyatlari", days_ago=3)
    # The path the chair's approval ends in: the submitted revision published.
    return make_minutes(meeting).title


def answer_a_comment(recipient) -> str:
    body, representative = owning_body()
    consultation = make_consultation(owner=body)
    comment = make_comment(consultation, recipient)
    answer_give(comment=comment, user=representative, outcome="accepted", reason="Nəzərə alındı.")
    return consultation.title


def _followed_consultation(recipient, **timing):
    consultation = make_consultation(**timing)
    services.follow(user=recipient, obj=consultation)
    return consultation


def open_a_consultation(recipient) -> str:
    # It opened a minute ago; the worker's periodic job notices.
    consultation = _followed_consultation(recipient, opens_in=-datetime.timedelta(minutes=1))
    consultations_announce()
    return consultation.title


def close_a_consultation(recipient) -> str:
    # It opened long ago and closed a minute ago; the worker's periodic job notices.
    consultation = _followed_consultation(
        recipient,
        opens_in=-datetime.timedelta(days=30),
        lasts=datetime.timedelta(days=30) - datetime.timedelta(minutes=1),
    )
    consultations_announce()
    return consultation.title


def publish_a_budget_report(recipient) -> str:
    sheki = registry()["sheki"]
    services.follow(user=recipient, obj=sheki)
    revision = budget_report_import(
        municipality=sheki, year=2024, stage="annual", data=EXECUTION_CSV.encode(), user=None
    )
    budget_report_publish(report=revision.report, user=None)
    return sheki.name


TRIGGERS = {
    ANSWER_GIVEN: answer_a_comment,
    CONSULTATION_OPENED: open_a_consultation,
    CONSULTATION_CLOSED: close_a_consultation,
    MEETING_SCHEDULED: schedule_meeting,
    MINUTES_PUBLISHED: publish_minutes,
    PROGRESS_UPDATE_PUBLISHED: publish_progress_update,
    VERIFICATION_DECIDED: decide_verification,
    MEMBER_JOINED: accept_invitation,
    REPORT_PUBLISHED: publish_a_budget_report,
}
