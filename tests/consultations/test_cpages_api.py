"""The consultations' open data: the list and one consultation with its sections."""

import csv
import io

import pytest

from consultations.choices import ConsultationKind
from consultations.models import SectionTally
from tests.consultations.helpers_cpages import budget_lines, make_consultation, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultations(site_structure):
    budget = make_consultation(
        "Büdcə", slug="budce", sections=budget_lines(2), measures=["2.2"], opens_in_days=-1
    )
    act = make_consultation(
        "Qanun",
        slug="qanun",
        kind=ConsultationKind.DRAFT_ACT,
        opens_in_days=-20,
        closes_in_days=-5,
    )
    english_budget = translate(budget, "en", "Budget")
    return {"budget": budget, "act": act, "english_budget": english_budget}


def test_the_list_gives_each_consultation_with_its_status_dates_owner_and_page(
    client, consultations
):
    results = client.get("/api/v1/consultations/").json()["results"]
    assert [item["title"] for item in results] == ["Büdcə", "Qanun"]
    budget = results[0]
    assert budget["id"] == consultations["budget"].pk
    assert budget["kind"] == "draft-state-budget"
    assert (budget["status"], budget["is_open"]) == ("open", True)
    assert results[1]["status"] == "closed" and results[1]["is_open"] is False
    assert budget["owner"] == "Maliyyə Nazirliyi"
    assert budget["fiscal_year"] == 2027 and budget["measures"] == ["2.2"]
    assert budget["url"] == "http://testserver/az/consultations/budce/"
    assert budget["opens_at"] and budget["closes_at"]


def test_in_another_language_a_consultation_keeps_its_id_and_links_its_translation(
    client, consultations
):
    results = client.get("/api/v1/consultations/?lang=en").json()["results"]
    assert [(item["id"], item["title"], item["url"]) for item in results] == [
        (consultations["budget"].pk, "Budget", "http://testserver/en/consultations/budce/")
    ]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("status=open", ["Büdcə"]),
        ("status=closed", ["Qanun"]),
        ("status=upcoming", []),
        ("kind=draft-act", ["Qanun"]),
    ],
)
def test_the_list_filters_by_status_and_kind(client, consultations, query, titles):
    results = client.get(f"/api/v1/consultations/?{query}").json()["results"]
    assert [item["title"] for item in results] == titles


@pytest.mark.parametrize("query", ["status=soon", "kind=poem", "lang=fr", "limit=0"])
def test_a_nonsense_parameter_is_a_400_that_names_it(client, consultations, query):
    response = client.get(f"/api/v1/consultations/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_list_downloads_as_csv(client, consultations):
    response = client.get("/api/v1/consultations/?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["title"] for row in rows] == ["Büdcə", "Qanun"]
    assert rows[0]["status"] == "open"


def test_one_consultation_gives_its_sections_with_their_comment_counts(client, consultations):
    budget = consultations["budget"]
    first = budget.sections.order_by("sort_order").first()
    SectionTally.objects.create(
        consultation=budget, section_key=first.translation_key, comment_count=7
    )
    data = client.get(f"/api/v1/consultations/{budget.pk}/?lang=en").json()
    assert data["id"] == budget.pk and data["title"] == "Budget"
    sections = data["sections"]
    assert [section["number"] for section in sections] == ["00.1", "01.1"]
    assert sections[0] == {
        "key": str(first.translation_key),
        "kind": "budget-line",
        "number": "00.1",
        "title": "Xərc maddəsi 0",
        "text": "",
        "amount": "1000.00",
        "previous_amount": "900.00",
        "budget_kind": "",
        "group": "",
        "withdrawn": False,
        "comment_count": 7,
    }
    assert sections[1]["comment_count"] == 0


def test_one_consultation_falls_back_to_azerbaijani_where_it_is_not_translated(
    client, consultations
):
    act = consultations["act"]
    data = client.get(f"/api/v1/consultations/{act.pk}/?lang=ru").json()
    assert data["title"] == "Qanun" and data["id"] == act.pk


def test_a_consultation_is_addressed_by_its_source_id_only(client, consultations):
    # The English page's own id is not a consultation's id; unpublished ones are not public.
    english = consultations["english_budget"]
    assert client.get(f"/api/v1/consultations/{english.pk}/").status_code == 404
    draft = make_consultation("Qaralama", slug="qaralama", publish=False)
    assert client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/consultations/0/").status_code == 404
