import pytest

from themes.models import Body, BodyAlias, MeasureBody
from themes.selectors import body_measures
from themes.services import normalise_body_name

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
    justice = Body.objects.get(slug="ministry-of-justice")
    measures = body_measures(justice)
    executor_codes = [m.code for m in measures["executor"]]
    assert "5.2" in executor_codes and "7.2" in executor_codes
    parliament = Body.objects.get(slug="milli-majlis")
    assert "2.2" in [m.code for m in body_measures(parliament)["recommended"]]


def test_a_body_has_its_name_in_three_languages():
    body = Body.objects.get(slug="ministry-of-finance")
    assert body.localised_name("az") == "Maliyyə Nazirliyi"
    assert "Finance" in body.localised_name("en")
    assert "финансов" in body.localised_name("ru").lower()
