"""What consultations tell the rest of the platform: the plan's indicators for measures 2.2 and
5.6, and followers hearing once when a consultation opens and closes (the worker's job)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from civic_platform.notifications import services as notifications
from civic_platform.notifications.models import Event, Notification
from civic_platform.worker import periodic_jobs
from consultations.choices import CommentStatus, ConsultationKind, RespondentType
from consultations.services.answers import answer_give
from consultations.services.lifecycle import consultations_announce, consultations_periodic_run
from tests.consultations.helpers import make_comment, make_consultation, ngo_member, owning_body
from tests.factories import UserFactory
from themes.models import Measure
from themes.selectors import indicator_values

pytestmark = pytest.mark.django_db


def _values(code) -> dict:
    return {value.key: value.value for value in indicator_values(Measure.objects.get(code=code))}


def test_measure_2_2_counts_state_budget_comments_by_respondent_type_and_the_share_answered():
    body, representative = owning_body()
    budget = make_consultation(owner=body)
    local = make_consultation(
        "Bələdiyyə büdcəsi", slug="belediyye", kind=ConsultationKind.DRAFT_LOCAL_BUDGET, owner=body
    )
    member, ngo = ngo_member()
    citizens = [make_comment(budget) for _ in range(3)]
    make_comment(budget, member, respondent_type=RespondentType.NGO, organisation=ngo)
    make_comment(budget, status=CommentStatus.HIDDEN, hidden_reason="Spam")
    make_comment(local)  # not the state budget
    answer_give(comment=citizens[0], user=representative, outcome="accepted", reason="Bəli.")

    consultations_periodic_run()

    values = _values("2.2")
    assert values["consultations.state_budget_comments.citizen"] == 3
    assert values["consultations.state_budget_comments.ngo"] == 1
    assert values["consultations.state_budget_comments.business"] == 0
    # One of the four visible comments is answered.
    assert values["consultations.state_budget_answered_share"] == Decimal("25.0")
    assert "consultations.dialogue_sessions_held" not in values


def test_measure_5_6_counts_the_dialogue_sessions_that_have_been_held():
    body, _representative = owning_body()
    for slug, opens_in in (("kecen", -3), ("bu-gun", 0), ("gelecek", 5)):
        make_consultation(
            f"Dialoq {slug}",
            slug=slug,
            kind=ConsultationKind.DIALOGUE_SESSION,
            owner=body,
            opens_in=datetime.timedelta(days=opens_in, hours=-1),
            lasts=datetime.timedelta(hours=2),
        )
    unpublished = make_consultation(
        "Dərc olunmamış",
        slug="gizli",
        kind=ConsultationKind.DIALOGUE_SESSION,
        owner=body,
        opens_in=-datetime.timedelta(days=9),
        lasts=datetime.timedelta(hours=2),
        publish=False,
    )
    assert not unpublished.live

    consultations_periodic_run()

    assert _values("5.6")["consultations.dialogue_sessions_held"] == 1


def test_the_worker_has_a_periodic_job_that_announces_and_recounts():
    job = periodic_jobs()["consultations.open-and-close"]
    moment = timezone.now()
    assert moment < job.next_run_after(moment) <= moment + datetime.timedelta(minutes=15)


def test_followers_hear_once_when_a_consultation_opens_and_once_when_it_closes():
    follower = UserFactory()
    consultation = make_consultation(
        opens_in=datetime.timedelta(hours=1), lasts=datetime.timedelta(days=3)
    )
    notifications.follow(user=follower, obj=consultation)
    now = timezone.now()

    assert consultations_announce(now=now) == 0  # not open yet
    opened = now + datetime.timedelta(hours=2)
    assert consultations_announce(now=opened) == 1
    assert consultations_announce(now=opened + datetime.timedelta(minutes=5)) == 0
    closed = now + datetime.timedelta(days=3, hours=2)
    assert consultations_announce(now=closed) == 1
    assert consultations_announce(now=closed + datetime.timedelta(minutes=5)) == 0

    kinds = list(
        Notification.objects.filter(user=follower)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )
    assert kinds == ["consultations.opened", "consultations.closed"]
    closing = Event.objects.get(kind="consultations.closed")
    assert closing.url["az"].endswith(f"/{consultation.slug}/outcome/")


def test_a_consultation_that_opened_and_closed_while_the_worker_was_down_is_announced_closed():
    follower = UserFactory()
    consultation = make_consultation(
        opens_in=-datetime.timedelta(hours=5), lasts=datetime.timedelta(hours=4)
    )
    notifications.follow(user=follower, obj=consultation)
    consultations_announce()
    # Only what the follower of this consultation hears counts: other tests' data may exist.
    heard = Notification.objects.filter(user=follower).values_list("event__kind", flat=True)
    assert list(heard) == ["consultations.closed"]
