import pytest
from wagtail.models import Locale

from themes.models import Body, BodyAlias, MeasureBody, MeasurePage
from themes.selectors import source_bodies
from themes.services import (
    ActionPlanError,
    action_plan_import,
    load_action_plan,
    normalise_body_name,
)

pytestmark = pytest.mark.django_db


def test_the_prosecutor_generals_office_written_two_ways_is_one_body():
    short = BodyAlias.objects.get(text="Baş Prokurorluq").body
    full = BodyAlias.objects.get(text="Azərbaycan Respublikasının Baş Prokurorluğu").body
    assert short == full
    assert short.slug == "prosecutor-general"


def test_the_ministry_of_economy_with_a_dotless_capital_is_the_same_body():
    roles = MeasureBody.objects.filter(
        written_as__in=["İqtisadiyyat Nazirliyi", "Iqtisadiyyat Nazirliyi"]
    )
    assert {role.written_as for role in roles} == {
        "İqtisadiyyat Nazirliyi",
        "Iqtisadiyyat Nazirliyi",
    }
    assert {role.body.slug for role in roles} == {"ministry-of-economy"}


def test_every_name_the_plan_uses_resolves_to_exactly_one_body():
    for role in MeasureBody.objects.all():
        alias = BodyAlias.objects.get(normalised=normalise_body_name(role.written_as))
        assert alias.body_id == role.body_id


def test_names_are_matched_regardless_of_azerbaijani_case_spacing_and_quotes():
    assert normalise_body_name("İQTİSADİYYAT  Nazirliyi") == normalise_body_name(
        "iqtisadiyyat nazirliyi"
    )
    assert normalise_body_name("Iqtisadiyyat Nazirliyi") == normalise_body_name(
        "İqtisadiyyat Nazirliyi"
    )
    assert normalise_body_name("“Azərsu” ASC") == normalise_body_name("Azərsu ASC")


def test_a_body_knows_its_measures_as_executor_and_as_recommended_body():
    az = Locale.objects.get(language_code="az").pk

    def codes(body, role):
        pages = MeasurePage.objects.naming_body(body, groups={}, locale_id=az)[role]
        return [page.measure.code for page in pages]

    justice = source_bodies().get(slug="ministry-of-justice")
    assert {"5.2", "7.2"} <= set(codes(justice, "executor"))
    assert "5.2" not in codes(justice, "recommended")
    parliament = source_bodies().get(slug="milli-majlis")
    assert "2.2" in codes(parliament, "recommended")


def test_a_body_is_one_snippet_translated_into_english_and_russian():
    body = source_bodies().get(slug="ministry-of-finance")
    assert body.name == "Maliyyə Nazirliyi"
    names = {b.locale.language_code: b.name for b in body.get_translations(inclusive=True)}
    assert "Finance" in names["en"]
    assert "финансов" in names["ru"].lower()
    assert Body.objects.filter(translation_key=body.translation_key).count() == 3


def test_the_measures_name_the_azerbaijani_original_of_each_body():
    assert set(
        MeasureBody.objects.values_list("body__locale__language_code", flat=True).distinct()
    ) == {"az"}


def test_a_body_is_found_through_the_groups_that_include_it(client):
    html = client.get("/en/plan/", {"body": "local-executive-authorities"}).content.decode()
    # 4.3 names local executive authorities; 5.5 and others name "central and local" ones.
    assert 'href="/en/plan/4/4-3/"' in html
    assert 'href="/en/plan/5/5-5/"' in html
    through_group = MeasureBody.objects.filter(
        body__slug="central-and-local-executive-authorities"
    ).values_list("measure__code", flat=True)
    body = client.get("/api/v1/measures/", {"body": "local-executive-authorities", "limit": 100})
    codes = {measure["code"] for measure in body.json()["results"]}
    assert {"4.3", *through_group} <= codes


def test_a_ministry_lists_what_it_does_through_central_executive_authorities(client):
    html = client.get("/en/plan/bodies/ministry-of-justice/").content.decode()
    assert "Measures it takes part in through a group of bodies" in html
    assert "through “Central and local executive authorities”, executor" in html
    assert 'href="/en/plan/5/5-5/"' in html


def test_an_editor_changes_which_bodies_a_group_includes_and_the_import_keeps_it(client):
    group = source_bodies().get(slug="large-state-enterprises")
    azerigas = source_bodies().get(slug="azerigas")
    group.members.add(azerigas)
    report = action_plan_import(data=load_action_plan())
    assert azerigas in group.members.all()
    assert "body large-state-enterprises includes" in report.kept


def test_a_group_including_an_unknown_body_stops_the_import():
    data = load_action_plan()
    data["bodies"][-1]["includes"] = ["no-such-body"]
    with pytest.raises(ActionPlanError, match="'includes' names 'no-such-body'"):
        action_plan_import(data=data)
