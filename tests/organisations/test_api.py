"""/api/v1/organisations/: verified organisations only, filtered by kind and region."""

import pytest

from tests.organisations.helpers import organisation_with_representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(site_structure):
    organisation_with_representative("Bakı QHT", verified=True, region="baku")
    organisation_with_representative("Şəki QHT", verified=True, region="shaki-zagatala")
    organisation_with_representative("Bakı Universiteti", verified=True, kind="academic")
    organisation_with_representative("Yoxlanılmamış Birlik")


def slugs(response) -> list[str]:
    return sorted(item["slug"] for item in response.json()["results"])


def test_the_list_holds_verified_organisations_only(client, organisations):
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert "yoxlanilmamish-birlik" not in slugs(response)


def test_the_list_filters_by_kind_and_region(client, organisations):
    assert slugs(client.get("/api/v1/organisations/?kind=academic")) == ["baki-universiteti"]
    assert slugs(client.get("/api/v1/organisations/?kind=ngo&region=baku")) == ["baki-qht"]


@pytest.mark.parametrize("query", ["kind=spaceship", "region=", "region=mars", "lang=de"])
def test_a_bad_filter_is_a_400_naming_the_parameter(client, organisations, query):
    response = client.get(f"/api/v1/organisations/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_labels_and_page_address_follow_the_language(client, organisations):
    item = client.get("/api/v1/organisations/baki-qht/?lang=en").json()
    assert item["kind"] == "ngo"
    assert item["kind_label"] == "Non-governmental organisation"
    assert item["region_label"] == "Baku"
    assert item["url"] == "http://testserver/en/organisations/baki-qht/"
    assert item["verified_at"]


def test_an_unverified_organisation_is_not_found(client, organisations):
    assert client.get("/api/v1/organisations/yoxlanilmamish-birlik/").status_code == 404


def test_the_list_downloads_as_csv(client, organisations):
    response = client.get("/api/v1/organisations/?format=csv&region=baku")
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("slug,name,kind")
    assert len(rows) == 3
