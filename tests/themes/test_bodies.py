import pytest
from wagtail.models import Locale

from themes.models import Body, BodyAlias, MeasureBody, MeasurePage
from themes.selectors import source_bodies
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
    az = Locale.objects.get(language_code="az").pk

    def codes(body, role):
        pages = MeasurePage.objects.naming_body(body, locale_id=az)[role]
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
