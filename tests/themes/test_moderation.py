"""Progress updates as an editorial team moderates them in the admin."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from tests.accounts import log_in_with_second_factor
from tests.factories import ProgressUpdateFactory, source_locale
from tests.themes.editorial_team import editor, measure_title, moderator
from themes.models import Measure, ProgressEvidenceLink, ProgressUpdate

pytestmark = pytest.mark.django_db

UPDATES_URL = "/admin/snippets/themes/progressupdate/"
CHOOSER_URL = "/admin/themes_measure_chooser/"


def signed_in(user, secret):
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return client


def evidence_count(html: str) -> str:
    match = re.search(
        r"<h3>Published evidence</h3>\s*<p class=\"indicator-value\">([^<]*)</p>", html
    )
    assert match, "the page shows no published evidence count"
    return match.group(1)


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def submit_update(client, measure, *, summary, link, completes=False):
    """What an editor does on the "add progress update" screen: fill it in, send it to review."""
    response = client.post(
        f"{UPDATES_URL}add/",
        nested_form_data(
            {
                "measure": measure.pk,
                "date": "2021-06-01",
                "summary": rich_text(summary),
                "completes_measure": "on" if completes else "",
                "evidence_links": inline_formset([{"url": link[0], "title": link[1]}]),
                "evidence_documents": inline_formset([]),
                "action-submit": "submit",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ProgressUpdate.objects.get(measure=measure, summary__contains=summary[3:20])


def approve(client, update):
    task_state = update.current_workflow_state.current_task_state
    url = reverse(
        "wagtailsnippets_themes_progressupdate:workflow_action",
        args=(update.pk, "approve", task_state.pk),
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_measure_chooser_finds_a_measure_by_code_or_by_words_of_its_text():
    client = signed_in(*editor())
    title = measure_title("5.5")

    by_code = client.get(f"{CHOOSER_URL}results/", {"q": "5.5"}).content.decode()
    by_words = client.get(f"{CHOOSER_URL}results/", {"q": "şuralarda müzakirə"}).content.decode()
    everything = json.loads(client.get(CHOOSER_URL).content)["html"]

    assert f"5.5. {title}" in by_code
    assert "7.2." not in by_code
    assert f"5.5. {title}" in by_words
    assert "2.2." not in by_words
    assert "1.1. " in everything


def test_the_measure_chooser_names_measures_in_the_editors_language():
    user, secret = editor()
    in_english(user)
    client = signed_in(user, secret)

    html = client.get(f"{CHOOSER_URL}results/", {"q": "5.5"}).content.decode()

    assert f"5.5. {measure_title('5.5', 'en')}" in html


def test_an_update_form_shows_its_measure_by_code_and_title():
    update = ProgressUpdateFactory(measure=Measure.objects.get(code="5.5"))
    client = signed_in(*editor())

    html = client.get(f"{UPDATES_URL}edit/{update.pk}/").content.decode()

    assert f"5.5. {measure_title('5.5')}" in html
    assert 'data-chooser-url="/admin/themes_measure_chooser/"' in html or CHOOSER_URL in html


def test_the_update_list_shows_measure_state_date_and_language():
    user, secret = editor()
    published = ProgressUpdateFactory(
        measure=Measure.objects.get(code="5.5"), completes_measure=True
    )
    draft = ProgressUpdateFactory(
        measure=Measure.objects.get(code="7.2"), live=False, date=datetime.date(2022, 3, 4)
    )
    draft.save_revision(user=user)
    in_review = ProgressUpdateFactory(measure=Measure.objects.get(code="2.2"), live=False)
    in_review.save_revision(user=user)
    in_review.get_workflow().start(in_review, user)
    sent_back = ProgressUpdateFactory(measure=Measure.objects.get(code="6.3"), live=False)
    sent_back.save_revision(user=user)
    state = sent_back.get_workflow().start(sent_back, user)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator()[0], "reject")
    assert sent_back.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES

    client = signed_in(user, secret)
    in_english(user)
    html = client.get(UPDATES_URL).content.decode()

    rows = {
        update: re.sub(
            r"<[^>]+>|\s+",
            " ",
            re.search(
                rf'href="{UPDATES_URL}edit/{update.pk}/".*?</tr>', html, flags=re.DOTALL
            ).group(0),
        )
        for update in (published, draft, in_review, sent_back)
    }
    assert f"5.5. {measure_title('5.5', 'en')}" in rows[published]
    assert "Published" in rows[published] and "Measure complete" in rows[published]
    assert "Measure complete" not in rows[draft]
    assert "Draft" in rows[draft]
    assert "March 4, 2022" in rows[draft] and "ago" not in rows[draft]
    assert "In moderation" in rows[in_review]
    assert "Sent back for changes" in rows[sent_back]
    assert all("Azərbaycanca" in row for row in rows.values())
    assert "True" not in html and "False" not in html


def test_a_moderator_reviewing_an_update_sees_the_measure_the_claim_the_summary_and_evidence():
    editor_client = signed_in(*editor())
    update = submit_update(
        editor_client,
        Measure.objects.get(code="5.5"),
        summary="<p>Səkkiz nazirlikdə ictimai şura yaradıldı.</p>",
        link=("https://example.az/suralar", "Şuraların siyahısı"),
        completes=True,
    )
    assert update.current_workflow_state is not None
    task = update.current_workflow_state.current_task_state.task

    moderator_client = signed_in(*moderator())
    response = moderator_client.get(
        reverse("wagtailsnippets_themes_progressupdate:workflow_preview", args=(update.pk, task.pk))
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"5.5. {measure_title('5.5')}" in html
    assert "5.5. 5.5." not in html
    with translation.override("az"):  # the update's language
        assert gettext("This update says the measure is complete.") in html
    assert "Səkkiz nazirlikdə ictimai şura yaradıldı." in html
    assert 'href="https://example.az/suralar"' in html and "Şuraların siyahısı" in html


def test_an_editor_previews_an_update_before_saving_it():
    client = signed_in(*editor())
    form = nested_form_data(
        {
            "measure": Measure.objects.get(code="7.2").pk,
            "date": "2021-09-15",
            "summary": rich_text("<p>Bələdiyyə büdcələri saytda dərc edildi.</p>"),
            "evidence_links": inline_formset(
                [{"url": "https://example.az/budce", "title": "Büdcələr"}]
            ),
            "evidence_documents": inline_formset([]),
        }
    )

    assert client.post(f"{UPDATES_URL}preview/", form).json()["is_valid"]
    html = client.get(f"{UPDATES_URL}preview/").content.decode()

    assert f"7.2. {measure_title('7.2')}" in html
    assert "Bələdiyyə büdcələri saytda dərc edildi." in html
    assert 'href="https://example.az/budce"' in html
    assert not ProgressUpdate.objects.filter(measure__code="7.2").exists()


def test_approving_an_update_in_the_admin_shows_it_and_its_evidence_count_at_once():
    editor_client = signed_in(*editor())
    update = submit_update(
        editor_client,
        Measure.objects.get(code="5.5"),
        summary="<p>Şuraların hesabatları dərc edildi.</p>",
        link=("https://example.az/hesabat", "Hesabatlar"),
    )
    visitor = Client()
    before = visitor.get("/en/plan/5/5-5/").content.decode()
    assert "Şuraların hesabatları dərc edildi." not in before
    assert evidence_count(before) == "0"

    approve(signed_in(*moderator()), update)

    after = visitor.get("/en/plan/5/5-5/").content.decode()
    assert "Şuraların hesabatları dərc edildi." in after
    assert evidence_count(after) == "1"


def test_an_editor_translates_an_update_into_english_and_it_shows_after_approval():
    update = ProgressUpdateFactory(
        measure=Measure.objects.get(code="7.2"), summary="<p>Büdcə hesabatı dərc edildi.</p>"
    )
    ProgressEvidenceLink.objects.create(update=update, url="https://example.az/b", title="B")
    update.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    editor_client = signed_in(*editor())

    listing = editor_client.get(UPDATES_URL).content.decode()
    translate_url = reverse(
        "simple_translation:submit_snippet_translation",
        args=("themes", "progressupdate", update.pk),
    )
    assert translate_url in listing
    response = editor_client.post(translate_url, {"locales": [english.pk]})
    assert response.status_code == 302
    translation = ProgressUpdate.objects.get(translation_key=update.translation_key, locale=english)
    assert not translation.live

    response = editor_client.post(
        f"{UPDATES_URL}edit/{translation.pk}/",
        nested_form_data(
            {
                "measure": translation.measure_id,
                "date": "2021-05-01",
                "summary": rich_text("<p>The budget report was published.</p>"),
                "evidence_links": inline_formset(
                    [
                        {"id": link.pk, "url": link.url, "title": "Budget report"}
                        for link in translation.evidence_links.all()
                    ],
                    initial=translation.evidence_links.count(),
                ),
                "evidence_documents": inline_formset([]),
                "action-submit": "submit",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    translation.refresh_from_db()
    before = Client().get("/en/plan/7/7-2/").content.decode()
    assert "The budget report was published." not in before

    approve(signed_in(*moderator()), translation)

    html = Client().get("/en/plan/7/7-2/").content.decode()
    assert "The budget report was published." in html
    assert "Büdcə hesabatı dərc edildi." in Client().get("/az/plan/7/7-2/").content.decode()
    assert translation.locale == english and source_locale() == update.locale


def test_the_dashboard_names_each_update_awaiting_review_by_its_claim_and_words():
    editor_client = signed_in(*editor())
    submit_update(
        editor_client,
        Measure.objects.get(code="5.5"),
        summary="<p>Səkkiz nazirlikdə ictimai şura yaradıldı, əsasnamələr dərc olundu.</p>",
        link=("https://example.az/suralar", "Şuraların siyahısı"),
        completes=True,
    )
    moderator_user, secret = moderator()
    in_english(moderator_user)
    html = signed_in(moderator_user, secret).get("/admin/").content.decode()
    assert "Awaiting your review" in html
    # Wagtail names the row as the update was named when it was sent, in the sender's language.
    with translation.override("az"):
        claim = gettext("completes the measure")
    assert claim != "completes the measure"
    assert f"5.5 · {claim} · 2021-06-01 · Səkkiz nazirlikdə ictimai şura" in html
