"""The admin's budget upload, as a municipality's editor meets it: upload, preview of totals
and first rows with nothing saved, confirm; errors by row; their own municipality only."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model

from municipalities.models import BudgetReport, BudgetReportRevision, PendingBudgetUpload
from municipalities.services.reports import budget_report_import
from tests.accounts import log_in_with_second_factor
from tests.municipalities.helpers import EXECUTION_CSV, HEADER, registry, user_in, xlsx

pytestmark = pytest.mark.django_db

INDEX = "/admin/municipalities/budgets/"
UPLOAD = INDEX + "upload/"


def logged_in(client, *groups):
    user = user_in(*groups)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    log_in_with_second_factor(client, user, secret)
    return user


@pytest.fixture
def municipalities():
    return registry()


def upload(client, municipality, content: bytes, name="hesabat.csv", stage="annual"):
    return client.post(
        UPLOAD,
        {
            "municipality": municipality.pk,
            "year": 2025,
            "stage": stage,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_an_editor_uploads_sees_the_preview_then_saves_the_report(client, municipalities):
    sheki = municipalities["sheki"]
    logged_in(client, sheki.editor_group)
    response = upload(client, sheki, EXECUTION_CSV.encode())
    assert response.status_code == 302
    preview = client.get(response["Location"])
    # Azerbaijani formats group thousands with a no-break space.
    html = re.sub(r"\s+", " ", preview.content.decode())
    assert "hesabat.csv: 4" in html
    assert "<td>2 000,00</td><td>900,00</td><td>2 050,50</td>" in html
    assert "Məktəbəqədər təhsil" in html
    assert not BudgetReport.objects.exists()
    saved = client.post(response["Location"], {"confirm": ""})
    assert saved.status_code == 302
    report = BudgetReport.objects.get()
    assert (report.municipality, report.year, report.stage, report.is_published) == (
        sheki,
        2025,
        "annual",
        False,
    )
    assert not PendingBudgetUpload.objects.exists()
    listing = client.get(INDEX).content.decode()
    assert "Şəki bələdiyyəsi" in listing
    client.post(f"{INDEX}{report.pk}/publish/", {"publish": ""})
    report.refresh_from_db()
    assert report.is_published


def test_an_xlsx_upload_is_previewed_like_a_csv(client, municipalities):
    sheki = municipalities["sheki"]
    logged_in(client, "Editors")
    rows = [HEADER.split(","), ["04.1", "Məktəbəqədər təhsil", "expenditure", 1500, None, 1400]]
    response = upload(client, sheki, xlsx(rows), name="hesabat.xlsx")
    assert response.status_code == 302
    assert "Məktəbəqədər təhsil" in client.get(response["Location"]).content.decode()


def test_a_faulty_file_shows_the_errors_by_row_and_keeps_nothing(client, municipalities):
    sheki = municipalities["sheki"]
    logged_in(client, sheki.editor_group)
    bad = EXECUTION_CSV.replace("revenue,800.00", "gelir,800.00")
    response = upload(client, sheki, bad.encode())
    assert response.status_code == 400
    assert "row-errors" in response.content.decode()
    assert "gelir" in response.content.decode()
    assert not PendingBudgetUpload.objects.exists()
    assert not BudgetReport.objects.exists()


def test_an_editor_cannot_upload_for_another_municipality(client, municipalities):
    logged_in(client, municipalities["sheki"].editor_group)
    response = upload(client, municipalities["ilisu"], EXECUTION_CSV.encode())
    assert response.status_code == 400
    assert not PendingBudgetUpload.objects.exists()
    options = client.get(UPLOAD).content.decode()
    assert "Şəki bələdiyyəsi" in options
    assert "İlisu bələdiyyəsi" not in options


def test_nobody_else_can_confirm_or_see_a_pending_upload(client, municipalities):
    sheki = municipalities["sheki"]
    logged_in(client, sheki.editor_group)
    preview = upload(client, sheki, EXECUTION_CSV.encode())["Location"]
    client.logout()
    logged_in(client, "Editors")
    # Not found (the locale middleware then tries the address under /az/, not found either).
    assert client.get(preview, follow=True).status_code == 404
    assert client.post(preview, {"confirm": ""}, follow=True).status_code == 404
    assert not BudgetReportRevision.objects.exists()


def test_someone_without_a_municipality_is_refused_the_screens(client, municipalities):
    logged_in(client, municipalities["sheki"].editor_group).groups.clear()
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(UPLOAD).status_code in (302, 403)


def test_the_template_downloads_as_a_csv_the_import_accepts(client, municipalities):
    logged_in(client, municipalities["sheki"].editor_group)
    response = client.get(INDEX + "template.csv")
    assert response["Content-Disposition"] == ('attachment; filename="budget-report-template.csv"')
    preview = upload(client, municipalities["sheki"], response.content, stage="approved")
    assert preview.status_code == 302


def test_an_editor_attaches_the_signed_decision_from_their_collection_only(client, municipalities):
    sheki, ilisu = municipalities["sheki"], municipalities["ilisu"]
    logged_in(client, sheki.editor_group)
    preview = upload(client, sheki, EXECUTION_CSV.encode())["Location"]
    client.post(preview, {"confirm": ""})
    report = BudgetReport.objects.get()
    Document = get_document_model()
    own = Document.objects.create(
        title="Qərar",
        file=SimpleUploadedFile("qerar.pdf", b"%PDF-1.4"),
        collection=sheki.collection,
    )
    other = Document.objects.create(
        title="Başqa",
        file=SimpleUploadedFile("basqa.pdf", b"%PDF-1.4"),
        collection=ilisu.collection,
    )
    refused = client.post(f"{INDEX}{report.pk}/", {"notes": "", "decision_document": other.pk})
    assert refused.status_code == 400
    client.post(f"{INDEX}{report.pk}/", {"notes": "Bələdiyyə iclası", "decision_document": own.pk})
    report.refresh_from_db()
    assert (report.notes, report.decision_document) == ("Bələdiyyə iclası", own)


def test_an_editor_cannot_open_another_municipalitys_report(client, municipalities):
    ilisu = municipalities["ilisu"]
    revision = budget_report_import(
        municipality=ilisu, year=2025, stage="annual", data=EXECUTION_CSV.encode(), user=None
    )
    logged_in(client, municipalities["sheki"].editor_group)
    # Wagtail answers a refused admin screen with a way back to the dashboard.
    refused = client.get(f"{INDEX}{revision.report_id}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.post(f"{INDEX}{revision.report_id}/publish/", {"publish": ""})
    assert not BudgetReport.objects.get().is_published


def test_the_preview_shows_every_row_a_page_at_a_time(client, municipalities):
    sheki = municipalities["sheki"]
    logged_in(client, sheki.editor_group)
    rows = "".join(f"9.{n},Xərc {n},expenditure,{n}.00,,\n" for n in range(1, 61))
    response = upload(client, sheki, f"{HEADER}\n{rows}".encode(), stage="approved")
    first = client.get(response["Location"]).content.decode()
    second = client.get(response["Location"] + "?p=2").content.decode()
    assert "Xərc 50<" in first and "Xərc 51<" not in first
    assert "Xərc 51<" in second and "Xərc 60<" in second and "Xərc 50<" not in second
    assert not BudgetReport.objects.exists()


def test_an_earlier_revisions_lines_stay_downloadable_by_the_reports_editors_only(
    client, municipalities
):
    sheki = municipalities["sheki"]
    first = budget_report_import(
        municipality=sheki, year=2025, stage="annual", data=EXECUTION_CSV.encode(), user=None
    ).report
    corrected = EXECUTION_CSV.replace("Məktəbəqədər təhsil", "Məktəbəqədər təhsil (düzəliş)")
    budget_report_import(
        municipality=sheki, year=2025, stage="annual", data=corrected.encode(), user=None
    )
    logged_in(client, sheki.editor_group)
    edit_page = client.get(f"{INDEX}{first.pk}/").content.decode()
    assert f"{INDEX}{first.pk}/revisions/1.csv" in edit_page

    earlier = client.get(f"{INDEX}{first.pk}/revisions/1.csv")
    text = b"".join(earlier.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "code,name,kind,category,planned,revised,executed"
    assert "Məktəbəqədər təhsil," in text and "(düzəliş)" not in text
    assert client.get(f"{INDEX}{first.pk}/revisions/3.csv").status_code == 404

    outsider = Client()
    logged_in(outsider, municipalities["ilisu"].editor_group)
    assert outsider.get(f"{INDEX}{first.pk}/revisions/1.csv").status_code != 200
