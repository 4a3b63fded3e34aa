"""Importing the registry and budget reports through the services and the commands: what is
saved, revisions, stored totals, and that a bad file changes nothing."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Locale

from civic_platform.accounts import registry as accounts_registry
from civic_platform.page_cache import GENERATION_KEY
from municipalities.models import BudgetLine, BudgetReport, BudgetReportRevision, Municipality
from municipalities.services.budget_import import BudgetFileError
from municipalities.services.registry import RegistryFileError, municipalities_import
from municipalities.services.reports import budget_report_import
from tests.municipalities.helpers import (
    APPROVED_CSV,
    EXECUTION_CSV,
    HEADER,
    REGISTRY,
    REGISTRY_HEADER,
    registry,
    user_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_the_registry_file_creates_municipalities_with_translated_names_and_editor_groups():
    municipalities = registry()
    sheki = municipalities["sheki"]
    assert (sheki.name, sheki.region, sheki.kind, sheki.population) == (
        "Şəki bələdiyyəsi",
        "Şəki rayonu",
        "city",
        68400,
    )
    english = Municipality.objects.get(
        translation_key=sheki.translation_key, locale=Locale.objects.get(language_code="en")
    )
    assert (english.name, english.region, english.slug) == (
        "Shaki municipality",
        "Shaki district",
        "sheki",
    )
    assert english.editor_group_id == sheki.editor_group_id is not None
    assert sheki.editor_group_id != municipalities["ilisu"].editor_group_id
    assert sheki.collection is not None
    assert sheki.editor_group.permissions.filter(codename="access_admin").exists()


def test_importing_the_registry_again_changes_nothing_and_an_edited_row_updates_its_municipality():
    registry()
    count = Municipality.objects.count()
    assert municipalities_import(data=REGISTRY.encode()).unchanged == 2
    edited = REGISTRY.replace("68400,2024", "70100,2025")
    result = municipalities_import(data=edited.encode())
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Municipality.objects.count() == count
    assert Municipality.objects.in_source_language().get(slug="sheki").population == 70100


def test_a_second_run_of_the_same_registry_rewrites_no_row_and_keeps_the_page_cache():
    registry()
    written = dict(Municipality.objects.values_list("pk", "updated_at"))
    generation = cache.get(GENERATION_KEY)
    result = municipalities_import(data=REGISTRY.encode())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert dict(Municipality.objects.values_list("pk", "updated_at")) == written
    assert cache.get(GENERATION_KEY) == generation


def test_a_changed_english_name_alone_updates_that_translation_and_renews_the_page_cache():
    registry()
    generation = cache.get(GENERATION_KEY)
    renamed = REGISTRY.replace("Shaki municipality", "Sheki municipality")
    result = municipalities_import(data=renamed.encode())
    assert (result.updated, result.unchanged) == (1, 1)
    assert Municipality.objects.filter(name="Sheki municipality", slug="sheki").exists()
    assert cache.get(GENERATION_KEY) != generation


def test_a_spreadsheet_export_with_trailing_empty_cells_is_accepted():
    lines = REGISTRY.splitlines()
    exported = "\n".join([lines[0] + ",,", *(line + ",," for line in lines[1:])]) + "\n"
    result = municipalities_import(data=exported.encode())
    assert result.created == 2
    with pytest.raises(RegistryFileError) as raised:
        municipalities_import(data=(exported + "qax,Qax,Qax rayonu,city,,,,,,,,,x,\n").encode())
    assert [str(error) for error in raised.value.errors] == [
        "Row 4: it has 14 columns instead of 12."
    ]


def test_a_too_long_translated_name_is_a_row_error_and_nothing_is_saved():
    long_name = "Ş" * 300
    bad = REGISTRY.replace("Ilisu municipality", long_name)
    with pytest.raises(RegistryFileError) as raised:
        municipalities_import(data=bad.encode())
    assert [str(error) for error in raised.value.errors] == [
        "Row 3: name_en: Ensure this value has at most 255 characters (it has 300)."
    ]
    assert not Municipality.objects.exists()


def test_the_registry_command_refuses_a_too_long_translated_region_by_row(tmp_path, capsys):
    path = tmp_path / "registry.csv"
    path.write_text(REGISTRY.replace("Gakh district", "G" * 121))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_municipalities", str(path))
    assert "Row 3: region_en: Ensure this value has at most 120 characters" in (
        capsys.readouterr().err
    )
    assert not Municipality.objects.exists()


def test_a_registry_file_with_bad_rows_lists_them_and_saves_nothing(capsys):
    bad = (
        f"{REGISTRY_HEADER}\n"
        "Bad Slug,Ad,Rayon,city,,,,,,\n"
        "ok,,Rayon,town,many,,,,,\n"
        "ok2,Ad,Rayon,village,,,not-a-url,,,\n"
    )
    with pytest.raises(RegistryFileError) as raised:
        municipalities_import(data=bad.encode())
    assert [str(error) for error in raised.value.errors] == [
        "Row 2: the slug 'Bad Slug' is not made of lowercase Latin letters, digits and hyphens.",
        "Row 3: the name is missing.",
        "Row 3: the kind 'town' is not one of city, settlement, village, joint.",
        "Row 3: the population 'many' is not a whole number.",
        "Row 4: website: Enter a valid URL.",
    ]
    assert not Municipality.objects.exists()


def test_the_registry_command_reports_errors_by_row_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "registry.csv"
    path.write_text(f"{REGISTRY_HEADER}\nx,,R,city,,,,,,\n")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_municipalities", str(path))
    assert "Row 2: the name is missing." in capsys.readouterr().err
    path.write_text(REGISTRY)
    call_command("import_municipalities", str(path))
    assert "2 created, 0 updated, 0 unchanged." in capsys.readouterr().out


def test_an_import_saves_an_unpublished_report_with_its_lines_totals_and_deadline():
    sheki = registry()["sheki"]
    revision = budget_report_import(
        municipality=sheki, year=2025, stage="annual", data=EXECUTION_CSV.encode(), user=None
    )
    report = revision.report
    assert (report.year, report.stage, report.is_published, str(report.deadline)) == (
        2025,
        "annual",
        False,
        "2026-02-14",
    )
    assert (revision.number, revision.is_current, revision.line_count) == (1, True, 4)
    assert revision.totals == {
        "revenue": {
            "planned": Decimal("2000.00"),
            "revised": Decimal("900.00"),
            "executed": Decimal("2050.50"),
        },
        "expenditure": {
            "planned": Decimal("2000.00"),
            "revised": None,
            "executed": Decimal("1850.25"),
        },
    }
    assert list(revision.lines.values_list("position", "code", "category")) == [
        (1, "1.1.1", "local_taxes"),
        (2, "3.1", "transfers"),
        (3, "04.1", "education"),
        (4, "08.2", "housing"),
    ]


def test_a_corrected_upload_is_a_new_current_revision_and_the_previous_one_stays():
    sheki = registry()["sheki"]
    first = budget_report_import(
        municipality=sheki, year=2026, stage="approved", data=APPROVED_CSV.encode(), user=None
    )
    corrected = APPROVED_CSV.replace("1200", "1300")
    second = budget_report_import(
        municipality=sheki, year=2026, stage="approved", data=corrected.encode(), user=None
    )
    assert second.report_id == first.report_id
    assert list(
        BudgetReportRevision.objects.filter(report=first.report).values_list(
            "number", "is_current", "revenue_planned"
        )
    ) == [(2, True, Decimal("1300.00")), (1, False, Decimal("1200.00"))]
    assert BudgetLine.objects.filter(revision=first).count() == 2


def test_a_faulty_file_saves_no_report_no_revision_and_no_line():
    sheki = registry()["sheki"]
    with pytest.raises(BudgetFileError):
        budget_report_import(
            municipality=sheki,
            year=2025,
            stage="annual",
            data=f"{HEADER}\n1,Vergi,revenue,5,,\n".encode(),
            user=None,
        )
    assert not BudgetReport.objects.exists()
    assert not BudgetLine.objects.exists()


def test_the_budget_command_imports_the_file_and_refuses_a_faulty_one_without_change(
    tmp_path, capsys
):
    registry()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(EXECUTION_CSV)
    bad.write_text(EXECUTION_CSV.replace("1500,,1400", "1500,,-3").replace("08.2", "04.1"))
    args = ["import_budget_report", "--municipality", "sheki", "--year", "2025"]
    call_command(*args, "--stage", "q3", str(good))
    out = capsys.readouterr().out
    assert "4 lines checked" in out
    assert "Saved revision 1 of sheki 2025 q3 with 4 lines" in out
    with pytest.raises(CommandError, match="2 error"):
        call_command(*args, "--stage", "q3", str(bad))
    err = capsys.readouterr().err
    assert "Row 4: the executed amount -3 is negative" in err
    assert "Row 5: the code 04.1 is already on row 4." in err
    assert BudgetReportRevision.objects.count() == 1
    with pytest.raises(CommandError, match="no municipality with the slug nowhere"):
        call_command(
            "import_budget_report",
            "--municipality",
            "nowhere",
            "--year",
            "2025",
            "--stage",
            "q3",
            str(good),
        )


def test_a_persons_data_download_lists_the_budget_files_they_uploaded():
    sheki = registry()["sheki"]
    editor = user_in(sheki.editor_group)
    budget_report_import(
        municipality=sheki,
        year=2026,
        stage="approved",
        data=APPROVED_CSV.encode(),
        user=editor,
        file_name="2026.csv",
    )
    (provider,) = [p for p in accounts_registry.personal_data if p.key == "municipalities"]
    collected = provider.collect(editor)
    assert [
        (u["municipality"], u["year"], u["revision"], u["file_name"])
        for u in collected["budget_uploads"]
    ] == [("sheki", 2026, 1, "2026.csv")]
