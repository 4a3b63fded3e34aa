"""The organisations section as visitors and members see it, and the signed-in forms."""

import re

import pytest
from django.core import mail

from civic_platform.organisations import services
from civic_platform.organisations.models import Membership, Organisation, Role
from civic_platform.organisations.registry import ActivityItem, ActivityProvider, activity
from tests.factories import UserFactory
from tests.organisations.helpers import (
    add_member,
    moderator,
    organisation_with_representative,
    pdf,
)

pytestmark = pytest.mark.django_db


def names_listed(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="organisation-list__item">\s*<a href="[^"]+">([^<]+)</a>', html)


def test_the_section_is_in_the_main_menu_in_every_language(client, site_structure):
    for language, title in (("az", "Təşkilatlar"), ("en", "Organisations"), ("ru", "Организации")):
        response = client.get(f"/{language}/")
        assert f'href="/{language}/organisations/">{title}</a>' in response.content.decode()


def test_the_list_shows_verified_organisations_only_in_the_languages_alphabetical_order(
    client, site_structure
):
    for name in ("Zəfər", "Çinar", "Ədalət", "Bulaq"):
        organisation_with_representative(name, verified=True)
    organisation_with_representative("Abşeron (yoxlanılmamış)")
    response = client.get("/az/organisations/")
    assert response.status_code == 200
    assert names_listed(response) == ["Bulaq", "Çinar", "Ədalət", "Zəfər"]


def test_the_list_filters_by_kind_and_region_and_names_a_value_it_does_not_understand(
    client, site_structure
):
    organisation_with_representative("Bakı QHT", verified=True, region="baku")
    organisation_with_representative("Şəki QHT", verified=True, region="shaki-zagatala")
    organisation_with_representative("Bakı Universiteti", verified=True, kind="academic")
    response = client.get("/en/organisations/?kind=ngo&region=shaki-zagatala")
    assert names_listed(response) == ["Şəki QHT"]
    lenient = client.get("/en/organisations/?kind=spaceship")
    assert lenient.status_code == 200
    assert "were not understood" in lenient.content.decode()
    assert len(names_listed(lenient)) == 3


def test_the_list_is_paginated(client, site_structure):
    for number in range(22):
        organisation_with_representative(f"Təşkilat {number:02}", verified=True)
    first = client.get("/en/organisations/")
    second = client.get("/en/organisations/?page=2")
    assert len(names_listed(first)) == 20
    assert len(names_listed(second)) == 2
    assert "Page 2 of 2" in second.content.decode()


def test_a_verified_organisations_page_shows_the_badge_details_and_members_who_chose_it(
    client, site_structure
):
    organisation, _ = organisation_with_representative(
        "Şəffaf Büdcə", verified=True, website="https://budce.example.az"
    )
    add_member(organisation, shown_publicly=True, public_name="Leyla Məmmədova")
    add_member(organisation, public_name="Gizli Üzv")
    response = client.get(f"/en/organisations/{organisation.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "badge--verified" in html
    assert "https://budce.example.az" in html
    assert "Leyla Məmmədova" in html
    assert "Gizli Üzv" not in html
    assert "Nothing here yet" in html


def test_an_unverified_organisations_page_is_hidden_from_visitors_but_not_its_members(
    client, site_structure
):
    organisation, representative = organisation_with_representative("Yeni Birlik")
    address = f"/az/organisations/{organisation.slug}/"
    assert client.get(address).status_code == 404
    client.force_login(UserFactory())
    assert client.get(address).status_code == 404
    client.force_login(representative)
    response = client.get(address)
    assert response.status_code == 200
    assert "badge--verified" not in response.content.decode()


def test_the_page_lists_what_registered_apps_provide_and_survives_one_that_fails(
    client, site_structure
):
    organisation, _ = organisation_with_representative("Şəffaf Büdcə", verified=True)

    def comments(org, *, locale, limit):
        return [ActivityItem(kind="Comment", title=f"Rəy of {org.name}", url="/az/x/")]

    def broken(org, *, locale, limit):
        raise RuntimeError("council database unreachable")

    activity.register(ActivityProvider(key="test-comments", label="Comments", items_for=comments))
    activity.register(ActivityProvider(key="test-seats", label="Council seats", items_for=broken))
    try:
        html = client.get(f"/en/organisations/{organisation.slug}/").content.decode()
    finally:
        activity.unregister("test-comments")
        activity.unregister("test-seats")
    assert "Rəy of Şəffaf Büdcə" in html
    assert "could not be loaded just now: Council seats" in html


def test_approving_drops_the_cached_list_so_visitors_see_the_new_organisation_at_once(
    client, site_structure
):
    organisation, representative = organisation_with_representative("Təzə Birlik")
    assert names_listed(client.get("/az/organisations/")) == []
    verification_request = services.verification_request_create(
        organisation=organisation, user=representative, documents=[pdf()]
    )
    services.verification_request_decide(
        verification_request=verification_request, moderator=moderator()[0], approve=True
    )
    response = client.get("/az/organisations/")
    assert names_listed(response) == ["Təzə Birlik"]


def test_a_signed_in_person_registers_an_organisation_and_becomes_its_representative(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        "/en/organisations/manage/new/",
        {"name": "Gənc Alimlər", "kind": "ngo", "region": "baku", "fields_of_work": ["science"]},
    )
    organisation = Organisation.objects.get(name="Gənc Alimlər")
    assert response["Location"] == f"/en/organisations/manage/{organisation.slug}/"
    assert organisation.fields_of_work == ["science"]
    assert Membership.objects.get(organisation=organisation).user == person


def test_registering_with_bad_input_answers_400_with_the_reason_and_creates_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        "/en/organisations/manage/new/",
        {"name": "X", "kind": "ngo", "region": "atlantis", "registration_number": "123"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_manage_pages_send_a_visitor_to_sign_in_and_refuse_a_member(client):
    organisation, _ = organisation_with_representative()
    response = client.get(f"/az/organisations/manage/{organisation.slug}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(add_member(organisation))
    assert client.get(f"/az/organisations/manage/{organisation.slug}/").status_code == 403
    assert client.get(f"/az/organisations/manage/{organisation.slug}/members/").status_code == 200


def test_an_invitation_by_email_is_accepted_through_its_link(
    client, django_capture_on_commit_callbacks
):
    organisation, representative = organisation_with_representative()
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/az/organisations/manage/{organisation.slug}/members/invite/",
            {"email": "leyla@example.az", "role": "representative"},
        )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)

    client.logout()
    anonymous = client.get(link)
    assert "Log in" in anonymous.content.decode() or "Daxil ol" in anonymous.content.decode()
    client.force_login(UserFactory(email="rashad@example.az"))
    wrong = client.post(link, {"answer": "accept"})
    assert wrong.status_code == 400
    assert "leyla@example.az" in wrong.content.decode()

    leyla = UserFactory(email="leyla@example.az")
    client.force_login(leyla)
    unanswered = client.post(link, {"answer": "maybe"})
    assert unanswered.status_code == 400
    assert not Membership.objects.filter(user=leyla).exists()
    accepted = client.post(link, {"answer": "accept"})
    assert accepted.status_code == 302
    assert Membership.objects.get(user=leyla).role == Role.REPRESENTATIVE
    assert client.get(link).status_code == 404


def test_the_last_representative_leaving_gets_400_and_stays(client):
    organisation, representative = organisation_with_representative()
    client.force_login(representative)
    response = client.post(f"/en/organisations/manage/{organisation.slug}/leave/")
    assert response.status_code == 400
    assert "at least one representative" in response.content.decode()
    assert Membership.objects.filter(user=representative).exists()


def test_a_signed_in_visitor_follows_a_verified_organisation_from_its_page(client, site_structure):
    organisation, _representative = organisation_with_representative(verified=True)
    visitor = UserFactory()
    client.force_login(visitor)
    path = f"/az/organisations/{organisation.slug}/"
    page = client.get(path).content.decode()
    assert 'action="/az/notifications/follow/"' in page

    model = re.search(r'name="model" value="([^"]+)"', page).group(1)
    response = client.post(
        "/az/notifications/follow/",
        {"model": model, "object_id": organisation.pk, "next": path},
    )
    assert response.status_code == 302
    assert "You follow this." in client.get("/en" + path[3:]).content.decode()
    preferences = client.get("/en/notifications/preferences/").content.decode()
    assert organisation.name in preferences
