"""The joins of the consultation's parts: following and the outcome report from the page,
report and answer controls in the discussion, the index's shared filter form, the demo's
discussion, and a person's consultation data in their download and deletion."""

import json

import pytest
from django.utils import translation
from wagtail.models import Locale

from civic_platform.notifications.services import follow
from civic_platform.organisations.models import Membership, Role
from consultations.choices import AnswerOutcome
from consultations.demo_content import demo_content_ensure
from consultations.models import (
    AuthorBlock,
    Comment,
    CommentReport,
    ConsultationPage,
    Endorsement,
    OfficialAnswer,
)
from consultations.services.answers import answer_give
from consultations.services.comments import comment_create, endorsement_add
from consultations.services.moderation import comment_report
from tests.consultations.comments_helpers import consultation
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.organisations.helpers import moderator

pytestmark = pytest.mark.django_db


def _html(client, page, language="en") -> str:
    translated = page.get_translation(Locale.objects.get(language_code=language))
    response = client.get(translated.url)
    assert response.status_code == 200
    return response.content.decode()


def _representative(budget):
    user = UserFactory()
    Membership.objects.create(
        organisation=budget.owner_organisation, user=user, role=Role.REPRESENTATIVE
    )
    return user


def test_following_the_english_page_follows_the_one_discussion_of_every_language(client):
    budget = consultation()
    user = UserFactory()
    client.force_login(user)

    html = _html(client, budget, "en")

    assert 'name="model"' in html
    assert f'name="object_id" value="{budget.pk}"' in html  # the source page, not the copy
    follow(user=user, obj=budget)
    assert "/unfollow/" in _html(client, budget, "ru")  # the Russian page knows it is followed


def test_the_outcome_report_is_linked_once_answers_exist_or_the_consultation_closed(client):
    budget = consultation()
    assert "outcome/" not in _html(client, budget)

    comment = comment_create(consultation=budget, author=UserFactory(), body="<p>Təklif</p>")
    answer_give(
        comment=comment,
        user=_representative(budget),
        outcome=AnswerOutcome.NOTED,
        reason="<p>Qeyd edildi.</p>",
    )
    html = _html(client, budget)
    assert "You said — we did: the outcome report" in html
    english = budget.get_translation(Locale.objects.get(language_code="en"))
    assert f'href="{english.url}outcome/"' in html

    closed = consultation(open_now=False, title="Bağlı layihə")
    assert "You said — we did: the outcome report" in _html(client, closed)


def test_a_representative_answers_and_a_participant_reports_from_the_discussion(client):
    budget = consultation()
    comment = comment_create(consultation=budget, author=UserFactory(), body="<p>Sualım var</p>")
    answer_link = f"/discussion/comments/{comment.pk}/answer/"
    report_link = f"/discussion/comments/{comment.pk}/report/"

    assert answer_link not in _html(client, budget) and report_link not in _html(client, budget)
    client.force_login(UserFactory())
    html = _html(client, budget)
    assert report_link in html and answer_link not in html
    client.force_login(_representative(budget))
    html = _html(client, budget)
    assert answer_link in html
    assert "Answer" in html


def test_the_index_filters_with_the_shared_form_and_names_a_nonsense_value(client):
    consultation()
    html = client.get("/en/consultations/?kind=nonsense&status=open").content.decode()
    assert '<select id="filter-kind" name="kind">' in html
    assert '<option value="open" selected>' in html
    assert "Some filter values in the address were not understood and are ignored." in html
    assert "<legend>Show consultations</legend>" in html


def test_the_demo_discussion_is_loaded_once_through_the_services(site_structure):
    demo_content_ensure()
    budget = ConsultationPage.objects.get(
        slug="dovlet-budcesi-layihesi", locale__language_code="az"
    )
    comments = Comment.objects.filter(consultation=budget)
    assert comments.count() >= 24
    assert comments.filter(parent__isnull=False).exists()
    assert comments.exclude(section_key=None).values("section_key").distinct().count() >= 5
    assert {"citizen", "ngo"} <= set(comments.values_list("respondent_type", flat=True))
    ngo_comment = comments.filter(respondent_type="ngo").first()
    assert ngo_comment.organisation.verified_at is not None
    # Counters stored by the services match what is there.
    assert budget.tally.comment_count == comments.count()
    for comment in comments:
        assert comment.endorsement_count == comment.endorsements.count()
        assert comment.reply_count == comment.replies.count()
    # Sample people are plainly samples and cannot sign in.
    for comment in comments.select_related("author"):
        assert comment.author.email.endswith("@example.org")
        assert not comment.author.has_usable_password()

    count = Comment.objects.count()
    endorsements = Endorsement.objects.count()
    demo_content_ensure()
    assert Comment.objects.count() == count
    assert Endorsement.objects.count() == endorsements


def test_the_demo_closed_consultation_s_outcome_report_shows_its_answers(client, site_structure):
    demo_content_ensure()
    act = ConsultationPage.objects.get(
        slug="informasiya-elde-etmek-haqqinda-qanuna-deyisiklikler", locale__language_code="az"
    )
    top_level = Comment.objects.filter(consultation=act, parent=None)
    answered = OfficialAnswer.objects.filter(comment__consultation=act).count()
    assert answered > top_level.count() / 2
    with translation.override("en"):
        response = client.get(f"/en/consultations/{act.slug}/outcome/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Təklif qəbul edildi: müqavilələr siyahıya əlavə olundu." in html
    assert 'id="outcome-by-answer"' in html


def test_a_person_s_comments_endorsements_and_reports_are_in_their_download(client):
    budget = consultation()
    person = UserFactory()
    other = comment_create(consultation=budget, author=UserFactory(), body="<p>Başqasının</p>")
    comment_create(consultation=budget, author=person, body="<p>Mənim təklifim</p>")
    endorsement_add(comment=other, user=person)
    comment_report(comment=other, reporter=person, reason="Mövzudan kənar")
    client.force_login(person)

    data = json.loads(client.post("/az/account/data/").content.decode("utf-8"))["consultations"]

    assert [c["body"] for c in data["comments"]] == ["<p>Mənim təklifim</p>"]
    assert data["endorsements"] == [
        {"comment": other.pk, "created": data["endorsements"][0]["created"]}
    ]
    assert data["reports"][0]["reason"] == "Mövzudan kənar"


def test_deleting_an_account_keeps_the_comments_unsigned_and_takes_back_its_endorsements(
    client,
):
    budget = consultation()
    person = UserFactory()
    other = comment_create(consultation=budget, author=UserFactory(), body="<p>Başqasının</p>")
    mine = comment_create(consultation=budget, author=person, body="<p>Mənim təklifim</p>")
    endorsement_add(comment=other, user=person)
    comment_report(comment=other, reporter=person, reason="Mövzudan kənar")
    AuthorBlock.objects.create(user=person, reason="Nümunə")
    client.force_login(person)

    response = client.post("/en/account/delete/", {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.author is None and mine.body == "<p>Mənim təklifim</p>"
    assert other.endorsement_count == 0 and other.report_count == 0
    assert not CommentReport.objects.exists() and not AuthorBlock.objects.exists()
    client.logout()
    with translation.override("en"):
        html = client.get(f"/en/consultations/{budget.slug}/").content.decode()
    assert "Removed account" in html


def _viewer_controls(html: str) -> dict:
    start = html.index('<script id="discussion-viewer" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_page_gives_its_live_client_the_controls_it_renders_for_each_viewer(client):
    budget = consultation()
    comment = comment_create(consultation=budget, author=UserFactory(), body="<p>Sualım var</p>")
    review_link = f"/admin/consultations/moderation/{comment.pk}/"

    assert _viewer_controls(_html(client, budget)) == {}  # signed out: no controls
    client.force_login(UserFactory())
    html = _html(client, budget)
    controls = _viewer_controls(html)
    assert not (controls["may_answer"] or controls["may_pin"] or controls["may_hide"])
    assert review_link not in html
    assert controls["report_url"].replace("{id}", str(comment.pk)) in html

    hider, _secret = moderator()
    client.force_login(hider)
    html = _html(client, budget)
    controls = _viewer_controls(html)
    assert controls["may_hide"] and not controls["may_answer"]
    assert f'href="{review_link}"' in html
    assert controls["hide_url"].replace("{id}", str(comment.pk)) == review_link

    client.force_login(_representative(budget))
    controls = _viewer_controls(_html(client, budget))
    assert controls["may_answer"] and not controls["may_hide"]
    assert controls["answer_url"].replace("{id}", str(comment.pk)) in _html(client, budget)
