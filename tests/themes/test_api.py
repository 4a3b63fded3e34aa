import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def _all_measures(client, **params):
    response = client.get("/api/v1/measures/", {"limit": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_measures_endpoint_lists_exactly_the_plans_64_measures(client):
    body = _all_measures(client)
    assert body["count"] == 64
    codes = [item["code"] for item in body["results"]]
    assert len(set(codes)) == 64
    assert codes[:3] == ["1.1", "1.2", "1.3"] and codes[-1] == "9.4"


def test_a_measure_in_the_list_carries_the_plans_fields(client):
    item = next(i for i in _all_measures(client)["results"] if i["code"] == "2.2")
    assert item["theme"]["code"] == "2"
    assert item["title"].startswith("Dövlət büdcəsinin layihəsi ilə bağlı müzakirələrdə")
    assert item["indicator"] == "Dövlət büdcəsinin layihəsi ilə bağlı keçirilən müzakirələr"
    assert item["executors"] == ["Maliyyə Nazirliyi"]
    assert item["recommended_to"] == ["Milli Məclis"]
    assert (item["deadline"], item["deadline_start"], item["deadline_end"]) == (
        "2020–2022",
        2020,
        2022,
    )
    assert item["status"] == "overdue"
    assert item["url"] == "http://testserver/az/plan/2/2-2/"


def test_texts_come_in_the_language_asked_for(client):
    item = next(i for i in _all_measures(client, lang="en")["results"] if i["code"] == "5.5")
    assert "public councils" in item["title"]
    assert item["url"].endswith("/en/plan/5/5-5/")
    response = client.get("/api/v1/measures/", {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.json()


def test_measures_filter_by_theme_status_and_body(client):
    assert _all_measures(client, theme=7)["count"] == 4
    assert _all_measures(client, status="completed")["count"] == 0
    assert _all_measures(client, status="overdue")["count"] == 64
    justice = [i["code"] for i in _all_measures(client, body="ministry-of-justice")["results"]]
    assert "5.2" in justice and "7.2" in justice and "2.2" not in justice
    assert client.get("/api/v1/measures/", {"status": "bogus"}).status_code == 400


def test_a_measure_in_detail_adds_progress_links_and_indicators(client):
    response = client.get("/api/v1/measures/5.5/", {"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "5.5"
    assert body["progress_updates"] == []
    assert body["linked_items"] == []
    # The plan's own indicator, beside those the councils register for 5.5.
    indicators = {value["key"]: value for value in body["indicator_values"]}
    indicator = indicators["themes.published_evidence"]
    assert indicator["value"] == 0
    assert indicator["computed_at"]
    assert {"councils.in_registry", "councils.minutes_on_time"} <= set(indicators)
    assert {b["slug"] for b in body["bodies"]} == {
        "central-and-local-executive-authorities",
        "public-legal-entities",
    }
    assert client.get("/api/v1/measures/99.1/").status_code == 404


def test_the_themes_endpoint_lists_the_nine_areas(client):
    response = client.get("/api/v1/themes/", {"lang": "ru"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 9
    first = body["results"][0]
    assert first["code"] == "1" and first["measure_count"] == 10
    assert "коррупции" in first["title"]
    assert first["url"].endswith("/ru/plan/1/")
    assert client.get("/api/v1/themes/5/").json()["measure_count"] == 6


def test_the_lists_download_as_csv(client):
    response = client.get("/api/v1/measures/", {"format": "csv", "theme": 5})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_text(response))))
    assert [row["code"] for row in rows] == ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"]
    assert rows[4]["indicator"] == "İctimai şuraların fəaliyyəti ilə bağlı məlumatlar"
    assert rows[4]["executors"] == (
        "mərkəzi və yerli icra hakimiyyət orqanları; "
        "dövlət adından yaradılmış publik hüquqi şəxslər"
    )
    all_rows = _text(client.get("/api/v1/measures/", {"format": "csv"}))
    assert len(list(csv.DictReader(io.StringIO(all_rows)))) == 64
    themes_csv = _text(client.get("/api/v1/themes/", {"format": "csv"}))
    assert len(list(csv.DictReader(io.StringIO(themes_csv)))) == 9


def test_the_plan_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/themes/", "/api/v1/measures/", "/api/v1/measures/{code}/"):
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/measures/"]["get"]["parameters"]}
    assert {"theme", "status", "body", "lang"} <= parameters


def test_the_api_is_read_only_for_the_public(client):
    assert client.post("/api/v1/measures/", {}).status_code in (403, 405)


def test_the_bodies_endpoint_gives_each_bodys_spellings_and_measures(client):
    response = client.get("/api/v1/bodies/", {"limit": 100, "lang": "en"})
    assert response.status_code == 200
    assert response.json()["count"] == 41
    body = client.get("/api/v1/bodies/prosecutor-general/").json()
    assert set(body["aliases"]) >= {
        "Baş Prokurorluq",
        "Azərbaycan Respublikasının Baş Prokurorluğu",
    }
    assert "1.1" in body["recommended_for"]
    justice = client.get("/api/v1/bodies/ministry-of-justice/", {"lang": "en"}).json()
    assert justice["name"].startswith("Ministry of Justice")
    assert {"5.2", "7.2"} <= set(justice["executor_of"])


def _text(response) -> str:
    """A streamed CSV download as the text a spreadsheet program reads."""
    return b"".join(response.streaming_content).decode("utf-8-sig")
