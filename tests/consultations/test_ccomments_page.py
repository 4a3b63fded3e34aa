import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from civic_platform.accounts.models import Profile
from civic_platform.organisations.models import Kind, Membership, Role
from consultations.choices import CommentStatus, RespondentType
from consultations.models import Comment, DiscussionTally
from consultations.services.comments import comment_create
from tests.consultations.comments_helpers import consultation, member_of, organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return consultation()


def page_url(budget, language="az"):
    return f"/{language}/consultations/{budget.slug}/"


def form_url(budget, language="en"):
    return f"/{language}/discussion/{budget.pk}/comments/"


def signed_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def test_a_reader_sees_comments_with_the_authors_display_name_and_markup_escaped(client, budget):
    author = UserFactory()
    Profile.objects.create(user=author, display_name="Leyla Məmmədova")
    comment_create(
        consultation=budget,
        author=author,
        body='<em>Vacib</em> <script>alert("x")</script><img src=x onerror=alert(1)>',
    )
    html = client.get(page_url(budget)).content.decode()
    assert "Leyla Məmmədova" in html and author.email not in html
    assert "<em>Vacib</em>" in html
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("anonymous", "Sign in to comment."),
        ("unverified", "Only participants with a verified email address may comment."),
        ("closed", "This consultation is closed"),
    ],
)
def test_the_page_says_why_the_form_is_not_offered(client, who, message):
    budget = consultation(open_now=who != "closed")
    if who == "unverified":
        user = signed_in(client)
        user.emailaddress_set.update(verified=False)
    html = client.get(page_url(budget, "en")).content.decode()
    assert message in html
    assert 'name="body"' not in html


def test_the_form_offers_ngo_only_to_a_member_of_a_verified_ngo_with_its_name(client, budget):
    member = member_of(organisation(Kind.NGO, name="Şəffaf Büdcə"))
    member_of(organisation(Kind.NGO, name="Yoxlanılmamış", verified=False), member)
    signed_in(client, member)
    html = client.get(page_url(budget, "en")).content.decode()
    assert "NGO: Şəffaf Büdcə" in html and "Yoxlanılmamış" not in html
    signed_in(client)
    assert "Şəffaf Büdcə" not in client.get(page_url(budget, "en")).content.decode()


def test_a_comment_posted_without_javascript_returns_to_the_page_with_a_message(client, budget):
    member = member_of(organisation(Kind.NGO, name="Şəffaf Büdcə"))
    signed_in(client, member)
    ngo = member.organisation_memberships.get().organisation
    section = budget.sections.last()
    response = client.post(
        form_url(budget),
        {
            "body": "Büdcə xətti azaldılmamalıdır.",
            "section": str(section.translation_key),
            "stance": "object",
            "respondent": f"{RespondentType.NGO}:{ngo.pk}",
            "next": page_url(budget, "en") + f"?section={section.translation_key}",
        },
        follow=True,
    )
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
    html = response.content.decode()
    assert "Your comment is published." in html
    assert "Büdcə xətti azaldılmamalıdır." in html
    assert (comment.section_key, comment.organisation) == (section.translation_key, ngo)


def test_a_refused_comment_shows_the_page_again_with_the_text_kept(client, budget):
    author = signed_in(client)
    comment_create(consultation=budget, author=author, body="Eyni fikir")
    with translation.override("en"):
        response = client.post(form_url(budget), {"body": "Eyni fikir", "respondent": "citizen"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "You posted this same text a few minutes ago." in html
    assert re.search(r'<textarea id="comment-body"[^>]*>Eyni fikir</textarea>', html)
    assert Comment.objects.count() == 1


def test_a_new_comment_shows_at_once_to_an_anonymous_reader_of_the_cached_page(client, budget):
    address = page_url(budget)
    assert client.get(address)["X-Page-Cache"] == "miss"
    assert client.get(address)["X-Page-Cache"] == "hit"
    assert client.get("/az/")["X-Page-Cache"] == "miss"
    comment_create(consultation=budget, author=UserFactory(), body="Təzə fikir")
    fresh = client.get(address)
    assert fresh["X-Page-Cache"] == "miss" and "Təzə fikir" in fresh.content.decode()
    # The rest of the site keeps its cached pages.
    assert client.get("/az/")["X-Page-Cache"] == "hit"


def test_show_replies_is_a_link_that_opens_the_thread_without_javascript(client, budget):
    top = comment_create(consultation=budget, author=UserFactory(), body="Sual")
    comment_create(consultation=budget, author=UserFactory(), body="Cavabım", parent=top)
    html = client.get(page_url(budget, "en")).content.decode()
    assert "Cavabım" not in html
    assert f'href="?replies={top.pk}#comment-{top.pk}"' in html
    opened = client.get(page_url(budget, "en") + f"?replies={top.pk}").content.decode()
    assert "Cavabım" in opened


def test_a_withdrawn_comment_leaves_a_placeholder(client, budget):
    comment = comment_create(consultation=budget, author=UserFactory(), body="Geri götürülən")
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.WITHDRAWN)
    html = client.get(page_url(budget, "en")).content.decode()
    assert "Geri götürülən" not in html
    assert "This comment was withdrawn by its author." in html


def test_the_author_edits_endorsement_and_withdrawal_work_without_javascript(client, budget):
    author = signed_in(client)
    comment = comment_create(consultation=budget, author=author, body="İlk")
    edit_form = client.get(page_url(budget, "en") + f"?edit={comment.pk}").content.decode()
    assert f'id="edit-{comment.pk}"' in edit_form
    client.post(f"{form_url(budget)}{comment.pk}/edit/", {"body": "Son"})
    assert "Son" in Comment.objects.get().body
    reader = signed_in(client)
    client.post(f"{form_url(budget)}{comment.pk}/endorse/", {})
    assert Comment.objects.get().endorsement_count == 1
    assert reader.pk != author.pk
    signed_in(client, author)
    client.post(f"{form_url(budget)}{comment.pk}/withdraw/", {})
    assert Comment.objects.get().status == CommentStatus.WITHDRAWN


def _comments(budget, count: int):
    """`count` comments by a few named authors, a tenth of them replies, some answered."""
    authors = [UserFactory() for _ in range(5)]
    for number, author in enumerate(authors):
        Profile.objects.create(user=author, display_name=f"Müəllif {number}")
    ngo = organisation(Kind.NGO)
    now = timezone.now()
    tops = Comment.objects.bulk_create(
        Comment(
            consultation=budget,
            author=authors[n % 5],
            body=f"<p>Fikir {n}</p>",
            organisation=ngo if n % 7 == 0 else None,
            respondent_type=RespondentType.NGO if n % 7 == 0 else RespondentType.CITIZEN,
            created_at=now - datetime.timedelta(minutes=count - n),
            event_id=n + 1,
        )
        for n in range(count - count // 10)
    )
    Comment.objects.bulk_create(
        Comment(consultation=budget, author=authors[0], body="<p>Cavab</p>", parent=top)
        for top in tops[: count // 10]
    )
    DiscussionTally.objects.update_or_create(
        consultation=budget, defaults={"comment_count": count, "last_event_id": count}
    )


@pytest.mark.parametrize("who", ["anonymous", "participant", "representative"])
def test_the_page_and_the_comments_api_cost_the_same_queries_for_10_and_1000_comments(
    client, settings, who
):
    settings.PAGE_CACHE_SECONDS = 0
    user = None if who == "anonymous" else signed_in(client)
    counts = {}
    for size in (10, 1000):
        budget = consultation(title=f"Layihə {size}")
        if who == "representative":
            # Answers every comment: the answer link under each costs no query of its own.
            Membership.objects.create(
                organisation=budget.owner_organisation, user=user, role=Role.REPRESENTATIVE
            )
        _comments(budget, size)
        for address in (page_url(budget), f"/api/v1/consultations/{budget.pk}/comments/"):
            client.get(address)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            assert response.status_code == 200
            counts.setdefault(address.split("/")[1], []).append(len(queries))
    assert counts["az"][0] == counts["az"][1], counts
    assert counts["api"][0] == counts["api"][1], counts
    assert counts["api"][0] <= 8, counts


@pytest.mark.parametrize(
    "fields",
    [
        {"parent": "abc"},
        {"parent": "99999999999999999999"},
        {"respondent": "ngo:x"},
        {"respondent": "nobody"},
        {"section": "not-a-uuid"},
        {"stance": "angry"},
        {"body": ""},
    ],
)
def test_a_tampered_form_gets_a_message_and_saves_nothing(client, budget, fields):
    signed_in(client)
    response = client.post(form_url(budget), {"body": "Mətn", "respondent": "citizen", **fields})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_reply_form_offers_the_same_respondent_types_as_the_main_form(client, budget):
    comment_create(consultation=budget, author=UserFactory(), body="Fikir")
    signed_in(client, member_of(organisation(Kind.NGO, name="Şəffaf Büdcə")))
    html = client.get(page_url(budget)).content.decode()
    main = re.search(r'<select id="comment-respondent".*?</select>', html, re.S).group(0)
    reply = re.search(r'<select id="reply-respondent-\d+".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option[^>]*>[^<]*</option>", main)
    assert any("Şəffaf Büdcə" in option for option in options)
    assert re.findall(r"<option[^>]*>[^<]*</option>", reply) == options


def test_the_page_names_its_viewer_by_the_key_their_comments_carry_and_never_by_account(
    client, budget
):
    author = UserFactory()
    mine = comment_create(consultation=budget, author=author, body="Mənim fikrim")
    other_budget = consultation(title="Başqa layihə")
    elsewhere = comment_create(consultation=other_budget, author=author, body="Başqa yerdə")
    signed_in(client, author)
    html = client.get(page_url(budget)).content.decode()
    viewer_key = re.search(r'data-viewer-key="([^"]*)"', html).group(1)

    listed = client.get(f"/api/v1/consultations/{budget.pk}/comments/").json()["results"]
    assert [(c["id"], c["author_key"]) for c in listed] == [(mine.pk, viewer_key)]
    other = client.get(f"/api/v1/consultations/{other_budget.pk}/comments/").json()["results"]
    assert [c["id"] for c in other] == [elsewhere.pk]
    # Another consultation's key of the same person does not match: no linking across them.
    assert other[0]["author_key"] not in (None, viewer_key)
    assert author.email not in json.dumps(listed)


def test_an_anonymous_page_names_no_viewer(client, budget):
    comment_create(consultation=budget, author=UserFactory(), body="Fikir")
    html = client.get(page_url(budget)).content.decode()
    assert 'data-viewer-key=""' in html
