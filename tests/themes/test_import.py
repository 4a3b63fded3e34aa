import copy
import re

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from tests.factories import UserFactory
from themes.models import AreaPage, Body, Measure, MeasureBody, MeasurePage, ThematicArea
from themes.selectors import source_bodies
from themes.services import (
    ActionPlanError,
    action_plan_import,
    load_action_plan,
)

pytestmark = pytest.mark.django_db


def test_the_plan_has_nine_areas_and_sixty_four_measures_in_the_plans_order():
    counts = {area.number: area.measures.count() for area in ThematicArea.objects.all()}
    assert counts == {1: 10, 2: 12, 3: 9, 4: 12, 5: 6, 6: 4, 7: 4, 8: 3, 9: 4}
    assert Measure.objects.count() == 64
    assert list(Measure.objects.filter(area__number=5).values_list("code", flat=True)) == [
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "5.6",
    ]


def test_measure_2_2_is_imported_as_the_plan_states_it():
    measure = Measure.objects.get(code="2.2")
    page = MeasurePage.objects.get(measure=measure, locale__language_code="az")
    assert page.text == (
        "Dövlət büdcəsinin layihəsi ilə bağlı müzakirələrdə vətəndaş cəmiyyəti "
        "institutlarının iştirakının genişləndirilməsi"
    )
    assert page.indicator == "Dövlət büdcəsinin layihəsi ilə bağlı keçirilən müzakirələr"
    assert (measure.deadline, measure.deadline_start, measure.deadline_end) == (
        "2020–2022",
        2020,
        2022,
    )
    roles = {(r.role, r.written_as) for r in measure.body_roles.all()}
    assert roles == {("executor", "Maliyyə Nazirliyi"), ("recommended", "Milli Məclis")}


def test_measure_5_5_on_public_councils_is_imported_as_the_plan_states_it():
    measure = Measure.objects.get(code="5.5")
    page = MeasurePage.objects.get(measure=measure, locale__language_code="az")
    assert page.text == (
        "İctimai şuraların əhəmiyyətinin artırılması, dövlət orqanlarında yaradılmış ictimai "
        "şuraların sayının çoxaldılması, şuralarda müzakirə edilən məsələlərin əhatə "
        "dairəsinin genişləndirilməsi, ictimai şuraların fəaliyyəti ilə bağlı maarifləndirmə "
        "və təbliğat işlərinin gücləndirilməsi və dövlət qurumlarının rəsmi internet "
        "resurslarında əks etdirilməsi"
    )
    assert page.indicator == "İctimai şuraların fəaliyyəti ilə bağlı məlumatlar"
    executors = [
        r.written_as for r in measure.body_roles.filter(role="executor").order_by("position")
    ]
    assert executors == [
        "mərkəzi və yerli icra hakimiyyət orqanları",
        "dövlət adından yaradılmış publik hüquqi şəxslər",
    ]
    assert not measure.body_roles.filter(role="recommended").exists()
    assert measure.deadline == "2020–2022"


def test_measure_7_2_on_local_budget_accountability_is_imported_as_the_plan_states_it():
    measure = Measure.objects.get(code="7.2")
    page = MeasurePage.objects.get(measure=measure, locale__language_code="az")
    assert page.text == (
        "Kütləvi informasiya vasitələrindən, internet informasiya ehtiyatlarından istifadə "
        "etməklə yerli büdcənin hesabatlılığının təmin edilməsi"
    )
    assert page.indicator == (
        "Yerli büdcələr barədə məlumatların ictimaiyyətə çatdırılması üzrə tədbirlər"
    )
    assert [r.body.slug for r in measure.body_roles.filter(role="executor")] == [
        "ministry-of-justice"
    ]
    assert [r.written_as for r in measure.body_roles.filter(role="recommended")] == [
        "bələdiyyələrin milli assosiasiyaları"
    ]


def test_measure_1_1_has_no_executor_and_two_recommended_bodies_and_a_single_year():
    measure = Measure.objects.get(code="1.1")
    assert not measure.body_roles.filter(role="executor").exists()
    assert [r.written_as for r in measure.body_roles.filter(role="recommended")] == [
        "Baş Prokurorluq",
        "Korrupsiyaya qarşı mübarizə üzrə Komissiya",
    ]
    assert (measure.deadline, measure.deadline_start, measure.deadline_end) == ("2020", 2020, 2020)


def test_every_measure_has_a_page_in_each_language_with_one_translation_key():
    for measure in Measure.objects.all():
        pages = MeasurePage.objects.filter(measure=measure)
        assert sorted(p.locale.language_code for p in pages) == ["az", "en", "ru"]
        assert len({p.translation_key for p in pages}) == 1
    assert AreaPage.objects.count() == 27


def test_a_second_import_updates_nothing_and_creates_nothing():
    pages_before = Page.objects.count()
    revisions_before = MeasurePage.objects.get(
        measure__code="5.5", locale__language_code="az"
    ).revisions.count()
    report = action_plan_import(data=load_action_plan())
    assert report.created == {}
    assert report.updated == {}
    assert report.unchanged["measures"] == 64
    assert Page.objects.count() == pages_before
    assert MeasureBody.objects.filter(measure__code="5.5").count() == 2
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="az")
    assert page.revisions.count() == revisions_before


def test_an_import_after_a_correction_updates_the_measure_with_a_new_revision():
    data = load_action_plan()
    corrected = copy.deepcopy(data)
    measure_entry = corrected["areas"][4]["measures"][4]
    assert measure_entry["code"] == "5.5"
    measure_entry["indicator"]["en"] = "Information on the work of public councils (corrected)"
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    revisions_before = page.revisions.count()

    report = action_plan_import(data=corrected)

    assert report.updated == {"measure pages": 1}
    page.refresh_from_db()
    assert page.indicator.endswith("(corrected)")
    assert page.revisions.count() == revisions_before + 1
    assert MeasurePage.objects.filter(measure__code="5.5").count() == 3


def _break(data, code: str, mutate):
    broken = copy.deepcopy(data)
    for area in broken["areas"]:
        for entry in area["measures"]:
            if entry["code"] == code:
                mutate(entry)
    return broken


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e: e.pop("indicator"), "measure 9.4: 'indicator' must give the text"),
        (lambda e: e["title"].pop("ru"), "measure 9.4: 'title' has no ru text"),
        (lambda e: e.update(deadline_end=2019), "measure 9.4: the deadline ends before it starts"),
        (lambda e: e.update(code="9.x"), "'code' must look like '5.5'"),
        (lambda e: e["executors"].append("Ay Nazirliyi"), "'Ay Nazirliyi' in 'executors'"),
    ],
)
def test_a_malformed_entry_stops_the_import_naming_it_and_changes_nothing(mutate, message):
    data = load_action_plan()
    # An earlier entry also changes, to show that nothing at all is written.
    data["areas"][0]["measures"][0]["deadline"] = "2020 (changed)"
    broken = _break(data, "9.4", mutate)
    with pytest.raises(ActionPlanError, match=re.escape(message)):
        action_plan_import(data=broken)
    assert Measure.objects.get(code="1.1").deadline == "2020"
    assert Measure.objects.count() == 64


def test_the_command_reports_a_broken_file_and_exits_with_an_error(tmp_path):
    broken = tmp_path / "plan.yaml"
    broken.write_text("areas: [\n  - number: 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported.*not valid UTF-8 YAML"):
        call_command("import_action_plan", str(broken), verbosity=0)
    with pytest.raises(CommandError, match="No plan file"):
        call_command("import_action_plan", str(tmp_path / "missing.yaml"), verbosity=0)
    assert Measure.objects.count() == 64


def test_the_command_prints_its_progress(capsys):
    call_command("import_action_plan")
    out = capsys.readouterr().out
    assert "measure 9.4 (64/64)" in out
    assert "Unchanged:" in out and "64 measures" in out


def test_bodies_are_imported_once_with_their_kinds_and_translated_names():
    assert source_bodies().count() == 41
    assert Body.objects.count() == 41 * 3
    assert source_bodies().get(slug="ministry-of-justice").kind == Body.Kind.MINISTRY


def _measure_entry(data, code):
    for area in data["areas"]:
        for entry in area["measures"]:
            if entry["code"] == code:
                return entry
    raise LookupError(code)


def _publish_page_edit(client, page, **changes):
    """Edit a page as an editor does: the admin's edit form, published."""
    page = page.specific
    fields = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    if isinstance(page, MeasurePage):
        fields.update(
            measure=page.measure_id, text=page.text, indicator=page.indicator, body=rich_text("")
        )
    else:
        fields.update(area=page.area_id)
    fields.update(changes)
    response = client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data(fields))
    assert response.status_code == 302, response.content.decode()[:1000]


def test_an_import_keeps_every_change_editors_made_in_the_admin_and_names_them(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    measure_page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    _publish_page_edit(client, measure_page, indicator="Councils' work, as the editors put it")
    area_page = AreaPage.objects.get(area__number=5, locale__language_code="ru")
    _publish_page_edit(client, area_page, title="Гражданское общество (редакция)")
    body = Body.objects.get(slug="ministry-of-justice", locale__language_code="en")
    response = client.post(
        f"/admin/snippets/themes/body/edit/{body.pk}/",
        {"name": "Ministry of Justice (edited)", "kind": body.kind},
    )
    assert response.status_code == 302, response.content.decode()[:1000]

    # The file changes too, including one of the fields an editor changed.
    data = load_action_plan()
    _measure_entry(data, "5.5")["indicator"]["en"] = "A correction in the file"
    _measure_entry(data, "5.6")["indicator"]["en"] = "Dialogue platform meetings (corrected)"
    report = action_plan_import(data=data)

    assert MeasurePage.objects.get(pk=measure_page.pk).indicator == (
        "Councils' work, as the editors put it"
    )
    assert AreaPage.objects.get(pk=area_page.pk).title == "Гражданское общество (редакция)"
    assert Body.objects.get(pk=body.pk).name == "Ministry of Justice (edited)"
    assert MeasurePage.objects.get(
        measure__code="5.6", locale__language_code="en"
    ).indicator.endswith("(corrected)")
    assert sorted(report.kept) == [
        "5.5 en indicator",
        "area 5 ru title",
        "body ministry-of-justice en name",
    ]
    assert report.updated == {"measure pages": 1}

    html = client.get("/en/plan/bodies/ministry-of-justice/").content.decode()
    assert "Ministry of Justice (edited)" in html


def test_the_command_names_the_editor_changes_it_kept(capsys):
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    page.indicator = "Edited"
    page.save_revision().publish()
    call_command("import_action_plan", verbosity=0)
    assert "Kept 1 editor change: 5.5 en indicator" in capsys.readouterr().out


def test_an_import_never_replaces_an_unpublished_draft_nor_publishes_it():
    page = MeasurePage.objects.get(measure__code="5.4", locale__language_code="en")
    live_indicator = page.indicator
    page.indicator = "An editor's unfinished draft"
    draft = page.save_revision()
    data = load_action_plan()
    _measure_entry(data, "5.4")["indicator"]["en"] = "A correction in the file"

    report = action_plan_import(data=data)

    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.latest_revision_id == draft.pk
    assert page.latest_revision.as_object().indicator == "An editor's unfinished draft"
    assert page.indicator == live_indicator
    assert report.skipped == ["5.4 en"]


def test_an_import_leaves_a_page_in_review_alone():
    editor = UserFactory(is_staff=True, is_superuser=True)
    page = MeasurePage.objects.get(measure__code="2.2", locale__language_code="az")
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None
    workflow.start(page, editor)
    data = load_action_plan()
    _measure_entry(data, "2.2")["indicator"]["az"] = "Faylda düzəliş"

    report = action_plan_import(data=data)

    page.refresh_from_db()
    assert page.indicator != "Faylda düzəliş"
    assert page.workflow_in_progress
    assert report.skipped == ["2.2 az"]
