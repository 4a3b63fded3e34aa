"""The outcome report ("You said — we did") and its exports: figures checked against values
counted by hand, every visible comment with its answer, CSV and JSON for everyone, the full
export for moderators and the owning body only, and a number of queries that does not grow
with the comments."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from wagtail.models import Locale

from consultations.choices import CommentStatus, RespondentType
from consultations.models import OfficialAnswer
from consultations.outcome import duration_words, outcome_figures
from consultations.services.answers import answer_give
from tests.consultations.helpers import make_comment, make_consultation, ngo_member, owning_body
from tests.factories import UserFactory
from tests.organisations.helpers import moderator

pytestmark = pytest.mark.django_db

START = timezone.now() - datetime.timedelta(days=10)


@pytest.fixture
def body():
    return owning_body()


@pytest.fixture
def consultation(body):
    return make_consultation(owner=body[0])


def _answer(comment, representative, outcome, after_days):
    answer_give(comment=comment, user=representative, outcome=outcome, reason=f"<p>{outcome}</p>")
    OfficialAnswer.objects.filter(comment=comment).update(
        answered_at=comment.created_at + datetime.timedelta(days=after_days)
    )


@pytest.fixture
def discussion(consultation, body):
    """Six visible comments (three answered after 2, 4 and 1 days), and three that are not
    visible; counted by hand in the tests."""
    _organisation, representative = body
    member, ngo = ngo_member()
    comments = {
        "citizen support": make_comment(consultation, stance="support", created_at=START),
        "citizen object": make_comment(consultation, stance="object", created_at=START),
        "ngo change": make_comment(
            consultation,
            member,
            stance="change",
            respondent_type=RespondentType.NGO,
            organisation=ngo,
            created_at=START,
        ),
        "ngo change 2": make_comment(
            consultation,
            member,
            stance="change",
            respondent_type=RespondentType.NGO,
            organisation=ngo,
            body="<p>Səhiyyə xərcləri</p>",
        ),
        "business question": make_comment(
            consultation, stance="question", respondent_type=RespondentType.BUSINESS
        ),
        "citizen no stance": make_comment(consultation),
    }
    _answer(comments["citizen support"], representative, "accepted", 2)
    _answer(comments["citizen object"], representative, "rejected", 4)
    _answer(comments["ngo change"], representative, "partly-accepted", 1)
    make_comment(
        consultation,
        stance="support",
        status=CommentStatus.HIDDEN,
        hidden_reason="Təhqir",
        body="<p>GİZLİ MƏTN</p>",
    )
    make_comment(consultation, status=CommentStatus.WITHDRAWN, body="<p>GERİ GÖTÜRÜLDÜ</p>")
    make_comment(consultation, status=CommentStatus.PENDING_REVIEW, body="<p>YOXLANILIR</p>")
    return comments


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _cells(html: str, table_id: str) -> list[list[str]]:
    """The rows of the table with this id, each as its cells' text."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S)
    assert table, table_id
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


def test_the_figures_are_those_counted_by_hand(consultation, discussion):
    figures = outcome_figures(consultation)
    assert (figures.total, figures.answered, figures.answer_rate) == (6, 3, 50.0)
    # Waits of 2, 4 and 1 days.
    assert figures.median_time_to_answer == datetime.timedelta(days=2)
    assert [count for _value, _label, count in figures.outcomes] == [1, 1, 1, 0]


def test_the_report_page_shows_the_figures_counted_by_hand(client, consultation, discussion):
    html = client.get(f"/az/consultations/{consultation.slug}/outcome/").content.decode()
    by_type = _cells(html, "outcome-by-respondent")
    # Columns: support, object, change, question, no stance, total.
    assert by_type[1][1:] == ["1", "1", "0", "0", "1", "3"]  # citizens
    assert by_type[2][1:] == ["0", "0", "2", "0", "0", "2"]  # NGOs
    assert by_type[3][1:] == ["0", "0", "0", "1", "0", "1"]  # businesses
    assert by_type[-1][1:] == ["1", "1", "2", "1", "1", "6"]  # every respondent
    by_outcome = _cells(html, "outcome-by-answer")
    # Accepted, partly accepted, rejected, noted, not answered yet.
    assert [row[1] for row in by_outcome[1:]] == ["1", "1", "1", "0", "3"]
    with translation.override("az"):
        assert f"{formats.number_format(50.0, 1)} %" in html
        assert duration_words(datetime.timedelta(days=2)) in html


def test_every_visible_comment_is_listed_with_its_answer_and_no_hidden_text(
    client, consultation, discussion
):
    html = client.get(f"/az/consultations/{consultation.slug}/outcome/").content.decode()
    assert "/answer/" not in html and "/report/" not in html
    for comment in discussion.values():
        assert f'id="comment-{comment.pk}"' in html
    assert "Səhiyyə xərcləri" in html
    assert "<p>partly-accepted</p>" in html
    for hidden in ("GİZLİ MƏTN", "GERİ GÖTÜRÜLDÜ", "YOXLANILIR"):
        assert hidden not in html


def test_the_public_csv_export_holds_every_visible_comment_and_its_answer(
    client, consultation, discussion
):
    response = client.get(f"/api/v1/consultations/{consultation.pk}/outcome/comments/?format=csv")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert len(rows) == 6
    by_id = {int(row["id"]): row for row in rows}
    supported = by_id[discussion["citizen support"].pk]
    assert (supported["answer_outcome"], supported["answer_reason"]) == ("accepted", "accepted")
    assert supported["answered_for"] == "Maliyyə Nazirliyi"
    assert by_id[discussion["ngo change"].pk]["organisation"] == "Vətəndaş Təşəbbüsləri Mərkəzi"
    assert by_id[discussion["business question"].pk]["answer_outcome"] == ""
    assert "GİZLİ" not in str(rows) and "status" not in rows[0]


def test_the_public_json_export_is_paginated_and_matches_the_csv(client, consultation, discussion):
    body = client.get(f"/api/v1/consultations/{consultation.pk}/outcome/comments/?limit=4").json()
    assert body["count"] == 6 and len(body["results"]) == 4 and body["next"]
    assert body["results"][0]["answer_outcome"] in ("accepted", "rejected", "partly-accepted")


def test_the_full_export_is_for_moderators_and_the_owning_body_only(
    client, body, consultation, discussion
):
    address = f"/api/v1/consultations/{consultation.pk}/outcome/comments/full/?format=csv"
    assert client.get(address).status_code == 403
    for outsider in (UserFactory(), discussion["citizen support"].author, ngo_member()[0]):
        client.force_login(outsider)
        assert client.get(address).status_code == 403
    for insider in (body[1], moderator()[0]):
        client.force_login(insider)
        response = client.get(address)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        rows = csv_rows(response)
        assert len(rows) == 9
        statuses = sorted(row["status"] for row in rows)
        assert statuses.count("visible") == 6
        assert {"hidden", "withdrawn", "pending-review"} <= set(statuses)
        assert any(row["hidden_reason"] == "Təhqir" for row in rows)


def test_an_export_of_a_consultation_that_does_not_exist_is_a_404_not_a_500(client):
    for address in (
        "/api/v1/consultations/999999/outcome/comments/",
        f"/api/v1/consultations/{2**70}/outcome/comments/full/",
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert response.json()["detail"]


def test_the_report_and_the_export_keep_their_query_count_as_comments_grow(
    client, settings, consultation, body
):
    settings.PAGE_CACHE_SECONDS = 0
    addresses = (
        f"/az/consultations/{consultation.slug}/outcome/",
        f"/api/v1/consultations/{consultation.pk}/outcome/comments/",
        f"/api/v1/consultations/{consultation.pk}/outcome/comments/?format=csv",
    )

    def grow(count):
        member, ngo = ngo_member()
        for index in range(count):
            comment = make_comment(
                consultation,
                member,
                respondent_type=RespondentType.NGO,
                organisation=ngo,
                stance="object",
            )
            if index % 2:
                answer_give(comment=comment, user=body[1], outcome="noted", reason="Qeyd edildi")

    def queries(address):
        response = client.get(address)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
            assert response.status_code == 200
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(captured)

    def representative_queries():
        client.force_login(body[1])
        try:
            return queries(addresses[0])
        finally:
            client.logout()

    grow(4)
    before = {address: queries(address) for address in addresses}
    before["representative"] = representative_queries()
    grow(60)
    after = {address: queries(address) for address in addresses}
    after["representative"] = representative_queries()
    assert after == before
    assert before[addresses[0]] <= 20


def test_the_report_of_a_translation_shows_the_one_discussion_in_its_language(
    client, consultation, discussion
):
    english = consultation.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Draft state budget for 2027"
    english.save_revision().publish()

    response = client.get(f"/en/consultations/{english.slug}/outcome/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You said — we did: Draft state budget for 2027" in html
    for comment in discussion.values():
        assert f'id="comment-{comment.pk}"' in html
    assert _cells(html, "outcome-by-respondent")[-1][-1] == "6"
    assert f"/api/v1/consultations/{consultation.pk}/outcome/comments/" in html


def test_a_representative_finds_an_answer_link_under_each_comment_of_the_report(
    client, body, consultation, discussion
):
    client.force_login(body[1])
    html = client.get(f"/az/consultations/{consultation.slug}/outcome/").content.decode()
    for comment in discussion.values():
        assert f"/az/discussion/comments/{comment.pk}/answer/" in html
