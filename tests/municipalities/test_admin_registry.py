"""The registry in the admin: a municipality's editor keeps their own municipality's entry up
to date and can neither see nor change another's; site-wide editors change every one."""

import pytest
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality
from municipalities.models.registry import SHARED_FIELDS
from tests.municipalities.helpers import registry
from tests.municipalities.test_admin_upload import logged_in

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_municipalities_municipality:list")


def _edit_url(municipality):
    return reverse("wagtailsnippets_municipalities_municipality:edit", args=[municipality.pk])


def _form_data(response) -> dict:
    """What the edit form holds, as the browser would send it back."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is not None:
            data[field.html_name] = value
    return data


@pytest.fixture
def municipalities():
    found = registry()
    return found["sheki"], found["ilisu"]


def test_a_municipality_editor_changes_their_own_entry(client, municipalities):
    own, other = municipalities
    logged_in(client, own.editor_group)

    listing = client.get(LISTING).content.decode()
    assert own.name in listing and other.name not in listing

    page = client.get(_edit_url(own))
    assert page.status_code == 200
    data = _form_data(page)
    data["website"] = "https://sheki-belediyye.example.az/"
    assert client.post(_edit_url(own), data).status_code == 302
    assert Municipality.objects.get(pk=own.pk).website == "https://sheki-belediyye.example.az/"


def test_a_municipality_editor_can_neither_open_nor_change_another_entry(client, municipalities):
    own, other = municipalities
    logged_in(client, own.editor_group)
    before = Municipality.objects.get(pk=other.pk).website

    assert client.get(_edit_url(other)).status_code != 200
    data = {"name": "Başqası", "website": "https://example.org/ele-kecirildi"}
    assert client.post(_edit_url(other), data).status_code != 200
    assert Municipality.objects.get(pk=other.pk).website == before
    assert Municipality.objects.get(pk=other.pk).name == other.name


def test_a_site_wide_editor_changes_any_entry(client, municipalities):
    own, other = municipalities
    logged_in(client, "Editors")
    listing = client.get(LISTING).content.decode()
    assert own.name in listing and other.name in listing
    page = client.get(_edit_url(other))
    assert page.status_code == 200
    data = _form_data(page)
    data["website"] = "https://ilisu.example.az/"
    assert client.post(_edit_url(other), data).status_code == 302
    assert Municipality.objects.get(pk=other.pk).website == "https://ilisu.example.az/"


RESERVED_FIELDS = ("slug", "editor_group", "collection", "is_demo", "public_council")


def _reserved(municipality) -> dict:
    municipality = Municipality.objects.get(pk=municipality.pk)
    return {field: getattr(municipality, field) for field in RESERVED_FIELDS}


def test_a_municipality_editors_form_lacks_the_fields_that_say_who_the_municipality_is(
    client, municipalities
):
    own, _other = municipalities
    logged_in(client, own.editor_group)
    page = client.get(_edit_url(own))
    form = page.context["form"]
    for field in RESERVED_FIELDS:
        assert field not in form.fields
        assert f'name="{field}"' not in page.content.decode()
    assert {"website", "email", "phone", "population"} <= set(form.fields)


def test_a_crafted_post_of_those_fields_by_a_municipality_editor_changes_only_their_own_fields(
    client, municipalities
):
    own, other = municipalities
    logged_in(client, own.editor_group)
    before = _reserved(own)
    data = _form_data(client.get(_edit_url(own)))
    data |= {
        "website": "https://sheki-yeni.example.az/",
        "phone": "+994 24 244 11 11",
        "population": "70100",
        # What the form does not offer, sent anyway.
        "slug": "hijacked",
        "editor_group": other.editor_group_id,
        "collection": other.collection_id,
        "is_demo": "on",
        "public_council": "999999",
    }
    assert client.post(_edit_url(own), data).status_code == 302
    after = Municipality.objects.get(pk=own.pk)
    assert (after.website, after.phone, after.population) == (
        "https://sheki-yeni.example.az/",
        "+994 24 244 11 11",
        70100,
    )
    assert _reserved(own) == before
    assert not Municipality.objects.filter(slug="hijacked").exists()


def test_a_site_wide_editor_changes_the_slug_the_editor_group_and_the_demo_mark(
    client, municipalities
):
    own, other = municipalities
    logged_in(client, "Editors")
    page = client.get(_edit_url(own))
    assert set(RESERVED_FIELDS) <= set(page.context["form"].fields)
    data = _form_data(page)
    data |= {"slug": "seki-seheri", "editor_group": other.editor_group_id, "is_demo": "on"}
    assert client.post(_edit_url(own), data).status_code == 302
    after = Municipality.objects.get(pk=own.pk)
    assert (after.slug, after.editor_group_id, after.is_demo) == (
        "seki-seheri",
        other.editor_group_id,
        True,
    )


def _translation(municipality, language="en"):
    return Municipality.objects.get(
        translation_key=municipality.translation_key, locale__language_code=language
    )


def test_a_translations_form_offers_only_the_name_and_region_and_the_original_offers_the_rest(
    client, municipalities
):
    sheki, _ilisu = municipalities
    logged_in(client, "Editors")
    original = client.get(_edit_url(sheki))
    assert set(SHARED_FIELDS) <= set(original.context["form"].fields)
    assert 'name="population"' in original.content.decode()

    page = client.get(_edit_url(_translation(sheki)))
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"name", "region"}
    html = page.content.decode()
    for field in SHARED_FIELDS:
        assert f'name="{field}"' not in html


def test_a_crafted_post_to_a_translation_changes_its_name_and_nothing_said_of_the_municipality(
    client, municipalities
):
    sheki, ilisu = municipalities
    logged_in(client, "Editors")
    english = _translation(sheki)
    before = english.shared_values()
    data = _form_data(client.get(_edit_url(english)))
    data |= {
        "name": "Sheki city municipality",
        # What the translation's form does not offer, sent anyway.
        "population": "1",
        "website": "https://example.org/crafted",
        "kind": "village",
        "slug": "hijacked",
        "editor_group": ilisu.editor_group_id,
        "is_demo": "on",
    }
    assert client.post(_edit_url(english), data).status_code == 302
    after = Municipality.objects.get(pk=english.pk)
    assert after.name == "Sheki city municipality"
    assert after.shared_values() == before
    html = Client().get("/en/municipalities/sheki/").content.decode()
    assert "Sheki city municipality" in html
    assert "https://sheki.example.az" in html and "example.org/crafted" not in html


def test_editing_the_original_gives_its_translations_the_same_contacts_and_editors(
    client, municipalities
):
    sheki, ilisu = municipalities
    old_group = sheki.editor_group
    logged_in(client, "Editors")
    data = _form_data(client.get(_edit_url(sheki)))
    data |= {"website": "https://seki.example.az/", "editor_group": ilisu.editor_group_id}
    assert client.post(_edit_url(sheki), data).status_code == 302
    english = _translation(sheki)
    assert english.website == "https://seki.example.az/"
    assert english.editor_group_id == ilisu.editor_group_id
    # Şəki's former editors can no longer open its English entry.
    former_editor = Client()
    logged_in(former_editor, old_group)
    assert former_editor.get(_edit_url(_translation(sheki))).status_code != 200
