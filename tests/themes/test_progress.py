import datetime

import pytest
from wagtail.models import Locale, Revision

from tests.factories import ProgressUpdateFactory, UserFactory, source_locale
from themes.models import Measure, MeasurePage, ProgressEvidenceLink, ProgressUpdate
from themes.selectors import measure_status

pytestmark = pytest.mark.django_db


def test_a_progress_update_is_public_only_once_published_and_keeps_its_revisions(client):
    measure = Measure.objects.get(code="5.6")
    update = ProgressUpdate(
        measure=measure,
        date=datetime.date(2021, 4, 20),
        summary="<p>Dialoq platformasının iclası keçirildi.</p>",
        live=False,
        locale=source_locale(),
    )
    update.save()
    ProgressEvidenceLink.objects.create(
        update=update, url="https://example.az/iclas", title="İclasın protokolu"
    )
    update.save_revision()
    assert "Dialoq platformasının iclası" not in client.get("/az/plan/5/5-6/").content.decode()

    update.save_revision().publish()
    html = client.get("/az/plan/5/5-6/").content.decode()
    assert "Dialoq platformasının iclası keçirildi." in html
    assert 'href="https://example.az/iclas"' in html
    assert Revision.objects.for_instance(update).count() == 2
    assert measure_status(measure, today=datetime.date(2021, 5, 1)) == "in_progress"


def test_progress_updates_are_listed_newest_first(client):
    measure = Measure.objects.get(code="7.2")
    for day, text in (
        (datetime.date(2021, 1, 5), "Birinci"),
        (datetime.date(2022, 2, 6), "İkinci"),
    ):
        ProgressUpdateFactory(measure=measure, date=day, summary=f"<p>{text}</p>")
    body = client.get("/api/v1/measures/7.2/").json()
    assert [u["date"] for u in body["progress_updates"]] == ["2022-02-06", "2021-01-05"]


def test_publishing_a_new_revision_of_a_measure_page_keeps_the_old_one():
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    before = page.revisions.count()
    page.body = "<p>Why public councils matter.</p>"
    page.save_revision().publish()
    assert page.revisions.count() == before + 1
    old = page.revisions.order_by("created_at").first().as_object()
    assert old.body == ""


def test_a_progress_update_counts_only_after_a_moderator_approves_it(client):
    editor = UserFactory(is_staff=True)
    moderator = UserFactory(is_superuser=True, is_staff=True)
    measure = Measure.objects.get(code="2.2")
    update = ProgressUpdate(
        measure=measure,
        date=datetime.date(2021, 11, 1),
        summary="<p>Büdcə layihəsinin ictimai müzakirəsi keçirildi.</p>",
        live=False,
        locale=source_locale(),
    )
    update.save()
    workflow = update.get_workflow()
    assert workflow is not None and workflow.name == "Moderators approval"

    update.save_revision(user=editor)
    state = workflow.start(update, editor)
    update.refresh_from_db()
    assert not update.live
    assert (
        "Büdcə layihəsinin ictimai müzakirəsi" not in client.get("/az/plan/2/2-2/").content.decode()
    )

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    update.refresh_from_db()
    assert update.live
    assert (
        "Büdcə layihəsinin ictimai müzakirəsi keçirildi."
        in client.get("/az/plan/2/2-2/").content.decode()
    )


def test_a_translated_update_shows_in_its_language_and_counts_once(client):
    measure = Measure.objects.get(code="7.2")
    update = ProgressUpdateFactory(measure=measure, summary="<p>Hesabat dərc edildi.</p>")
    ProgressEvidenceLink.objects.create(update=update, url="https://example.az/a", title="A")
    english = update.copy_for_translation(Locale.objects.get(language_code="en"))
    english.summary = "<p>The report was published.</p>"
    english.save()
    english.save_revision().publish()  # a translation is a draft until approved

    assert "The report was published." in client.get("/en/plan/7/7-2/").content.decode()
    russian = client.get("/ru/plan/7/7-2/").content.decode()
    assert "Hesabat dərc edildi." in russian  # not translated yet: shown as written
    body = client.get("/api/v1/measures/7.2/", {"lang": "en"}).json()
    assert [u["summary"] for u in body["progress_updates"]] == ["<p>The report was published.</p>"]
