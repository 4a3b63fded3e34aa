"""A rebuild reads every row: the records of many rows take as many queries as those of one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import OfficialAnswer
from consultations.services.answers import answer_give
from consultations.services.comments import comment_create
from search.registry import documents
from tests.consultations.comments_helpers import consultation
from tests.consultations.helpers import make_consultation, owning_body
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_and_records(doc_type: str, object_ids) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        records = list(documents.get(doc_type).records([str(pk) for pk in object_ids]))
    return len(context.captured_queries), len(records)


@pytest.fixture
def content(site_structure):
    councils = [make_council(f"Şura {n}", slug=f"sura-{n}") for n in range(3)]
    meetings = [make_meeting(council, slug=f"iclas-{council.slug}") for council in councils]
    minutes = [make_minutes(meeting, decisions=2) for meeting in meetings]
    budgets = [consultation(title=f"Büdcə {n}") for n in range(3)]
    owner, representative = owning_body()
    page = make_consultation(owner=owner)
    comments = [
        comment_create(consultation=page, author=UserFactory(), body=f"Təklif nömrə {n}.")
        for n in range(3)
    ]
    for comment in comments:
        answer_give(comment=comment, user=representative, outcome="noted", reason="Qeyd edildi.")
    return {
        "council": councils,
        "meeting": meetings,
        "minutes": minutes,
        "consultation": budgets,
        "comment": comments,
        "answer": list(OfficialAnswer.objects.filter(comment__in=comments)),
    }


@pytest.mark.parametrize(
    "doc_type", ["council", "meeting", "minutes", "consultation", "comment", "answer"]
)
def test_the_records_of_three_rows_take_the_queries_of_one(doc_type, content):
    rows = content[doc_type]
    one, one_records = queries_and_records(doc_type, [rows[0].pk])
    three, three_records = queries_and_records(doc_type, [row.pk for row in rows])
    assert one_records >= 1 and three_records == 3 * one_records
    assert three == one
