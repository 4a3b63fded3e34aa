"""The demonstration consultations `make run` loads."""

import pytest
from django.core.management import call_command

from consultations import rules
from consultations.choices import ConsultationStatus, SectionKind
from consultations.demo_content import DEMO_SESSION_MODERATOR, demo_content_ensure
from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_budget_a_closed_act_and_an_upcoming_session_in_three_languages(
    client, site_structure
):
    report = demo_content_ensure()
    assert len(report.created) == 5  # three consultations and two discussions
    pages = {page.kind: page for page in ConsultationPage.objects.live().in_default_language()}
    budget, act, session = (
        pages["draft-state-budget"],
        pages["draft-act"],
        pages["dialogue-session"],
    )
    assert budget.status == ConsultationStatus.OPEN
    assert budget.owner_organisation.verified_at is not None
    lines = budget.sections.filter(kind=SectionKind.BUDGET_LINE)
    assert lines.count() >= 30
    assert not lines.filter(amount=None).exists()
    assert act.status == ConsultationStatus.CLOSED
    assert {s.kind for s in act.sections.all()} == {"chapter", "article", "paragraph"}
    assert session.status == ConsultationStatus.UPCOMING
    # A sample moderator, so pinning and answering live can be tried.
    assert session.moderator.username == DEMO_SESSION_MODERATOR
    assert session.moderator.email.endswith("@example.org")
    assert rules.can(session.moderator, rules.PIN, session)
    assert rules.can(session.moderator, rules.ANSWER, session)
    for page in (budget, act, session):
        translations = page.get_translations().live()
        assert {t.locale.language_code for t in translations} == {"en", "ru"}
        for url in [page.url, *(t.url for t in translations)]:
            assert client.get(url).status_code == 200, url


def test_loading_the_demo_again_keeps_what_is_there_and_an_editors_changes(site_structure):
    # Every app's demo first: municipalities open a consultation on a draft budget too.
    call_command("load_demo_content", verbosity=0)
    budget = ConsultationPage.objects.get(
        slug="dovlet-budcesi-layihesi", locale__language_code="az"
    )
    budget.title = "Redaktorun başlığı"
    budget.save_revision().publish()
    count = ConsultationPage.objects.count()

    report = demo_content_ensure()
    call_command("load_demo_content", verbosity=0)

    assert report.created == [] and len(report.kept) == 5
    assert ConsultationPage.objects.count() == count
    budget.refresh_from_db()
    assert budget.title == "Redaktorun başlığı"
