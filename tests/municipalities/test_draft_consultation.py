"""A municipality's editor puts its draft budget to consultation: the draft's lines become the
consultation's commentable budget lines, and the report and the consultation link each other."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from civic_platform.organisations.models import Kind, Organisation, Region
from consultations.choices import SectionKind
from consultations.models import Comment, ConsultationPage
from consultations.services.comments import comment_create
from municipalities.choices import Category
from municipalities.models import BudgetReport, Municipality
from municipalities.services.consultations import draft_budget_consultation_open
from municipalities.services.registry import municipality_editors_ensure
from municipalities.services.reports import budget_report_import
from tests.accounts import log_in_with_second_factor
from tests.factories import UserFactory
from tests.municipalities.helpers import APPROVED_CSV, HEADER, registry, user_in

pytestmark = pytest.mark.django_db

# The draft corrected: the land tax renamed and raised, a transfer and street lighting added,
# pre-school education dropped.
CORRECTED_CSV = (
    f"{HEADER}\n"
    "1.1.1,Fiziki şəxslərin torpaq vergisi,revenue,1300,,\n"
    "3.1,Dövlət büdcəsindən dotasiya,revenue,800,,\n"
    "08.2,Küçələrin işıqlandırılması,expenditure,2100,,\n"
)


@pytest.fixture
def draft(site_structure):
    municipalities = registry()
    sheki = municipalities["sheki"]
    sheki.organisation = Organisation.objects.create(
        name=sheki.name, slug="sheki-belediyyesi", kind=Kind.MUNICIPALITY, region=Region.values[0]
    )
    sheki.save()
    return budget_report_import(
        municipality=sheki, year=2027, stage="draft", data=APPROVED_CSV.encode(), user=None
    ).report


def _upload_corrected(draft, *, user):
    """The corrected draft, a new revision of the report."""
    return budget_report_import(
        municipality=draft.municipality,
        year=2027,
        stage="draft",
        data=CORRECTED_CSV.encode(),
        user=user,
    )


def _open(report, user):
    now = timezone.now()
    return draft_budget_consultation_open(
        report=report,
        user=user,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=30),
    )


def test_an_editor_of_the_municipality_opens_a_consultation_on_the_draft_lines(draft):
    editor = user_in(municipality_editors_ensure(municipality=draft.municipality))
    consultation = _open(draft, editor)
    lines = consultation.sections.filter(kind=SectionKind.BUDGET_LINE).order_by("sort_order")
    assert [(line.number, line.title, line.amount) for line in lines] == [
        ("1.1.1", "Fiziki şəxslərdən torpaq vergisi", 1200),
        ("04.1", "Məktəbəqədər təhsil", 1500),
    ]
    assert consultation.live and consultation.is_open
    draft.refresh_from_db()
    assert draft.is_published
    # Each links to the other.
    assert "/az/municipalities/sheki/budgets/2027/draft/" in consultation.summary
    report_page = Client().get("/az/municipalities/sheki/budgets/2027/draft/").content.decode()
    assert f'href="{consultation.url}"' in report_page
    # Opening it again gives the same consultation.
    assert _open(draft, editor).pk == consultation.pk


def test_english_and_russian_readers_find_the_consultation_in_their_language(draft):
    consultation = _open(
        draft, user_in(municipality_editors_ensure(municipality=draft.municipality))
    )
    for language, title in [
        ("en", "Shaki municipality: draft budget for 2027"),
        ("ru", "проект бюджета на 2027 год"),
    ]:
        translation = consultation.get_translations().get(locale__language_code=language)
        assert translation.live and title in translation.title
        assert f"/{language}/municipalities/sheki/budgets/2027/draft/" in translation.summary
        listing = Client().get(f"/{language}/consultations/").content.decode()
        assert f'href="{translation.url}"' in listing
        page = Client().get(translation.url)
        assert page.status_code == 200
        assert "Fiziki şəxslərdən torpaq vergisi" in page.content.decode()


def _table(html: str, kind: str) -> str:
    start = html.index(f'class="budget-table budget-table--{kind}"')
    return html[start : html.index("</table>", start)]


def _english_url(consultation) -> str:
    return consultation.get_translations().get(locale__language_code="en").url


def _english(consultation) -> str:
    return Client().get(_english_url(consultation)).content.decode()


def test_a_reader_of_the_consultation_tells_revenue_from_expenditure_by_their_groups(draft):
    consultation = _open(draft, None)
    html = _english(consultation)
    revenue, expenditure = _table(html, "revenue"), _table(html, "expenditure")
    assert "Revenue for 2027, manat" in revenue and "Expenditure for 2027, manat" in expenditure
    assert '<th scope="rowgroup" colspan="6">Local taxes</th>' in revenue
    assert "Fiziki şəxslərdən torpaq vergisi" in revenue and "Məktəbəqədər" not in revenue
    assert '<th scope="rowgroup" colspan="6">Education</th>' in expenditure
    assert "Məktəbəqədər təhsil" in expenditure and "torpaq vergisi" not in expenditure
    # Each side adds up on its own: revenue and expenditure are never summed together.
    assert "1,200.00" in revenue[revenue.index("<tfoot") :]
    assert "1,500.00" in expenditure[expenditure.index("<tfoot") :]
    # The Azerbaijani page heads the groups in Azerbaijani.
    azerbaijani = Client().get(consultation.url).content.decode()
    with translation.override("az"):
        local_taxes = str(Category.LOCAL_TAXES.label)
    assert f'colspan="6">{local_taxes}</th>' in _table(azerbaijani, "revenue")


def test_a_corrected_draft_updates_the_open_consultation_and_no_comment_is_lost(draft):
    editor = user_in(municipality_editors_ensure(municipality=draft.municipality))
    consultation = _open(draft, editor)
    keys = dict(consultation.sections.values_list("number", "translation_key"))
    participant = UserFactory()
    on_tax = comment_create(
        consultation=consultation,
        author=participant,
        body="<p>Torpaq vergisi çox yüksəkdir.</p>",
        section_key=keys["1.1.1"],
    )
    on_school = comment_create(
        consultation=consultation,
        author=participant,
        body="<p>Uşaq bağçası bizə lazımdır.</p>",
        section_key=keys["04.1"],
    )

    _upload_corrected(draft, user=editor)

    assert draft.revisions.count() == 2
    for page in ConsultationPage.objects.filter(translation_key=consultation.translation_key):
        lines = {line.number: line for line in page.sections.all()}
        assert {
            code: (line.title, line.amount, line.budget_kind, line.withdrawn)
            for code, line in lines.items()
        } == {
            "1.1.1": ("Fiziki şəxslərin torpaq vergisi", 1300, "revenue", False),
            "3.1": ("Dövlət büdcəsindən dotasiya", 800, "revenue", False),
            "08.2": ("Küçələrin işıqlandırılması", 2100, "expenditure", False),
            "04.1": ("Məktəbəqədər təhsil", 1500, "expenditure", True),
        }, page.locale.language_code
        # The lines that stay keep their keys, which the comments name, in every language.
        assert lines["1.1.1"].translation_key == keys["1.1.1"]
        assert lines["04.1"].translation_key == keys["04.1"]
    assert set(Comment.objects.values_list("pk", "section_key")) == {
        (on_tax.pk, keys["1.1.1"]),
        (on_school.pk, keys["04.1"]),
    }

    html = _english(consultation)
    revenue, expenditure = _table(html, "revenue"), _table(html, "expenditure")
    assert "Fiziki şəxslərin torpaq vergisi" in revenue and "1,300.00" in revenue
    assert 'colspan="6">Transfers from the state budget</th>' in revenue
    assert 'colspan="6">Housing and communal services</th>' in expenditure
    assert "Məktəbəqədər" not in expenditure and "2,100.00" in expenditure
    dropped = _table(html, "withdrawn")
    assert "Budget lines no longer in the draft" in dropped
    assert "Məktəbəqədər təhsil" in dropped and "1 comment" in dropped
    # Both comments are still shown, the dropped line's marked as such.
    assert "Torpaq vergisi çox yüksəkdir." in html and "Uşaq bağçası bizə lazımdır." in html
    note = '<span class="comment__section-note">(no longer in the draft)</span>'
    assert f"04.1 Məktəbəqədər təhsil</a> {note}" in html
    # The outcome report ("you said, we did") marks it too, and only it.
    outcome = Client().get(f"{_english_url(consultation)}outcome/").content.decode()
    assert f"on 04.1 Məktəbəqədər təhsil {note}" in outcome
    assert outcome.count(note) == 1


def test_an_editor_uploading_a_corrected_draft_is_told_the_consultation_follows_it(draft):
    consultation = _open(draft, None)
    editor = _admin_client(municipality_editors_ensure(municipality=draft.municipality))
    uploaded = editor.post(
        "/admin/municipalities/budgets/upload/",
        {
            "municipality": draft.municipality_id,
            "year": 2027,
            "stage": "draft",
            "file": SimpleUploadedFile("duzelis.csv", CORRECTED_CSV.encode()),
        },
    )
    assert 'class="help-block help-warning budget-preview-consultation"' in (
        editor.get(uploaded["Location"]).content.decode()
    )
    assert editor.post(uploaded["Location"], {"confirm": ""}).status_code == 302
    lines = consultation.sections.values_list("number", "withdrawn")
    assert sorted(lines) == [("04.1", True), ("08.2", False), ("1.1.1", False), ("3.1", False)]


def test_a_closed_consultation_keeps_the_lines_it_was_discussed_on(draft):
    consultation = _open(draft, None)
    now = timezone.now()
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1)
    )
    _upload_corrected(draft, user=None)
    lines = consultation.sections.values_list("number", "amount", "withdrawn")
    assert sorted(lines) == [("04.1", 1500, False), ("1.1.1", 1200, False)]


def test_an_editor_of_another_municipality_cannot_open_it_and_nothing_changes(draft):
    ilisu = Municipality.objects.in_source_language().get(slug="ilisu")
    outsider = user_in(municipality_editors_ensure(municipality=ilisu))
    with pytest.raises(PermissionDenied):
        _open(draft, outsider)
    draft.refresh_from_db()
    assert not draft.is_published


def test_only_a_draft_budget_is_put_to_consultation(draft):
    approved = budget_report_import(
        municipality=draft.municipality,
        year=2027,
        stage="approved",
        data=APPROVED_CSV.encode(),
        user=None,
    ).report
    with pytest.raises(ValidationError):
        _open(approved, None)


def _admin_client(group):
    user = user_in(group)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return client


def test_in_the_admin_only_the_municipalitys_editor_may_open_the_consultation(draft):
    path = f"/admin/municipalities/reports/{draft.pk}/consultation/"
    period = {"opens_at": "2027-01-01T10:00", "closes_at": "2027-02-01T10:00"}
    ilisu = Municipality.objects.in_source_language().get(slug="ilisu")
    outsider = _admin_client(municipality_editors_ensure(municipality=ilisu))
    # Wagtail answers a refused admin request by sending the person to the dashboard.
    for refused in (outsider.get(path), outsider.post(path, period)):
        assert refused.status_code == 302 and refused.url == "/admin/"
    assert not BudgetReport.objects.get(pk=draft.pk).is_published

    editor = _admin_client(municipality_editors_ensure(municipality=draft.municipality))
    assert editor.get(path).status_code == 200
    backwards = {"opens_at": period["closes_at"], "closes_at": period["opens_at"]}
    refused = editor.post(path, backwards)
    assert refused.status_code == 200
    assert not BudgetReport.objects.get(pk=draft.pk).is_published
    assert editor.post(path, period).status_code == 302
    assert BudgetReport.objects.get(pk=draft.pk).is_published


def test_renaming_the_municipality_or_its_organisation_keeps_the_consultation_linked(draft):
    consultation = _open(draft, None)
    municipality = Municipality.objects.get(pk=draft.municipality_id)
    municipality.name = "Şəki şəhər bələdiyyəsi"
    municipality.save()
    Organisation.objects.filter(pk=municipality.organisation_id).update(name="Şəki Bələdiyyəsi")

    report_page = Client().get("/az/municipalities/sheki/budgets/2027/draft/").content.decode()
    assert f'href="{consultation.url}"' in report_page
    municipality_page = Client().get("/az/municipalities/sheki/").content.decode()
    assert f'href="{consultation.url}"' in municipality_page
    assert _open(draft, None).pk == consultation.pk


def test_a_municipality_without_its_organisation_on_the_site_is_told_to_link_it_first(draft):
    Municipality.objects.filter(pk=draft.municipality_id).update(organisation=None)
    draft.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _open(draft, None)
    assert "Link Şəki bələdiyyəsi to its organisation on the site first" in str(refused.value)
    draft.refresh_from_db()
    assert not draft.is_published and draft.consultation_id is None


def test_the_open_button_is_offered_only_to_those_who_may_publish_the_draft(draft):
    path = reverse("municipal_budgets:edit", args=(draft.pk,))
    button = f'href="{reverse("municipalities_draft_consultation", args=(draft.pk,))}"'
    editor = _admin_client(municipality_editors_ensure(municipality=draft.municipality))
    assert button in editor.get(path).content.decode()

    # An administrator's group that may change reports but not publish them.
    checkers, _ = Group.objects.get_or_create(name="Report checkers")
    checkers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_budgetreport"),
    )
    page = _admin_client(checkers).get(path)
    assert page.status_code == 200
    assert button not in page.content.decode()


def test_a_corrected_draft_leaves_an_editors_unpublished_changes_to_the_consultation_unpublished(
    draft,
):
    consultation = _open(draft, None)
    pending = consultation.get_latest_revision_as_object()
    pending.summary = "Redaktorun hələ dərc olunmamış izahı."
    pending.save_revision(user=None)

    _upload_corrected(draft, user=None)

    consultation.refresh_from_db()
    # The public page has the corrected lines and not the editor's unfinished text ...
    assert consultation.summary != "Redaktorun hələ dərc olunmamış izahı."
    assert consultation.sections.get(number="3.1").amount == 800
    # ... which is still waiting in the latest draft, with the corrected lines, so that
    # publishing it later brings neither the old lines back nor loses the new line's comments.
    assert consultation.has_unpublished_changes
    latest = consultation.get_latest_revision_as_object()
    assert latest.summary == "Redaktorun hələ dərc olunmamış izahı."
    live_keys = dict(consultation.sections.values_list("number", "translation_key"))
    assert {
        section.number: (section.amount, section.withdrawn, section.translation_key)
        for section in latest.sections.all()
    } == {
        "1.1.1": (1300, False, live_keys["1.1.1"]),
        "3.1": (800, False, live_keys["3.1"]),
        "08.2": (2100, False, live_keys["08.2"]),
        "04.1": (1500, True, live_keys["04.1"]),
    }
