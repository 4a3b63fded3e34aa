"""Importing a draft budget's lines from CSV: every number format people write, every bad row
named by its row, nothing saved unless the whole file is good, and a good file saved as a new
draft revision the editor publishes."""

from decimal import Decimal
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import GroupPagePermission, Revision

from consultations.choices import ConsultationKind
from consultations.models import ConsultationSection
from consultations.services.drafts import (
    BudgetImportError,
    budget_lines_parse,
    draft_budget_import,
    parse_amount,
)
from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from tests.consultations.helpers_cpages import budget_lines, consultation_index, make_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,amount,previous_amount\n"


def _errors(text: str) -> list[tuple[int, str]]:
    with translation.override("en"):
        lines, errors = budget_lines_parse(text.encode())
        return [(error.row, error.message) for error in errors]


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1234.56", Decimal("1234.56")),
        ("1 234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1\u00a0234\u00a0567,5", Decimal("1234567.5")),
        ("-12", Decimal("-12")),
        ("0", Decimal("0")),
    ],
)
def test_an_amount_is_read_as_people_write_it(written, amount):
    assert parse_amount(written) == amount
    lines, errors = budget_lines_parse(f'{HEADER}01.1,Təhsil,"{written}",\n'.encode())
    assert errors == [] and lines[0].amount == amount and lines[0].previous_amount is None


@pytest.mark.parametrize("written", ["1,234", "12.345", "abc", "1.2.3", "1e5", "١٢٣", "--1"])
def test_an_amount_that_could_be_misread_is_refused(written):
    assert parse_amount(written) is None


def test_a_semicolon_separated_export_is_read_too():
    lines, errors = budget_lines_parse(
        "code;name;amount;previous_amount\n01.1;Təhsil;1 234,56;1 000\n".encode()
    )
    assert errors == []
    assert lines[0].amount == Decimal("1234.56") and lines[0].previous_amount == Decimal(1000)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (",Təhsil,10,", [(2, "the code is missing.")]),
        ("01.1,,10,", [(2, "the name is missing.")]),
        ("01.1,Təhsil,,", [(2, "the amount is missing.")]),
        (
            "01.1,Təhsil,ten,",
            [
                (
                    2,
                    "'ten' in the column amount is not a sum of manat such as 1234.56, "
                    "1 234,56 or 1234,56.",
                )
            ],
        ),
        (
            "01.1,Təhsil,10,1,5",
            [(2, "it has 5 columns instead of 4.")],
        ),
        (
            "01.1,Təhsil,10,x",
            [
                (
                    2,
                    "'x' in the column previous_amount is not a sum of manat such as 1234.56, "
                    "1 234,56 or 1234,56.",
                )
            ],
        ),
        (
            "01.1,Təhsil,10,\n02.1,Səhiyyə,5,\n01.1,Yenə,3,",
            [(4, "the code 01.1 is already on row 2.")],
        ),
        (",,,\n", [(2, "the file has no budget lines under its header.")]),
    ],
)
def test_every_bad_row_is_named_with_its_reason(rows, expected):
    assert _errors(HEADER + rows + "\n") == expected


def test_every_error_of_every_row_is_listed_not_only_the_first():
    errors = _errors(HEADER + ",,x,\n01.1,Təhsil,10,\n01.1,,10,")
    assert [row for row, _ in errors] == [2, 2, 2, 4, 4]


@pytest.mark.parametrize(
    "content",
    [b"kod,ad,mebleg\n01,A,1\n", b"", b"\xff\xfe\x00c\x00o"],
)
def test_a_file_that_is_not_a_budget_csv_is_refused_at_row_one(content):
    lines, errors = budget_lines_parse(content)
    assert lines == [] and [error.row for error in errors] == [1]


def _budget_page():
    return make_consultation(slug="budce", sections=budget_lines(2))


def test_a_good_file_becomes_a_new_draft_revision_and_the_published_page_stays(
    client, site_structure
):
    page = _budget_page()
    old_keys = dict(page.sections.values_list("number", "translation_key"))
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    editor = UserFactory(is_superuser=True)

    revision = draft_budget_import(
        page=page,
        data=(HEADER + '00.1,Yeni ad,2 000,1000\n05.1,Yeni xətt,"1234,56",\n').encode(),
        user=editor,
    )

    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    assert revision.user == editor
    page.refresh_from_db()
    assert page.has_unpublished_changes
    # Nothing shows until the editor publishes.
    assert page.sections.count() == 2
    draft = revision.as_object()
    # The published line the file no longer has stays, withdrawn, after the file's lines.
    assert [(s.number, s.title, s.amount, s.withdrawn) for s in draft.sections.all()] == [
        ("00.1", "Yeni ad", Decimal(2000), False),
        ("05.1", "Yeni xətt", Decimal("1234.56"), False),
        ("01.1", "Xərc maddəsi 1", Decimal(1001), True),
    ]
    revision.publish()
    published = {s.number: s for s in page.sections.all()}
    assert set(published) == {"00.1", "05.1", "01.1"}
    # A line that stays keeps its key, and the comments on it stay with it.
    assert published["00.1"].translation_key == old_keys["00.1"]
    assert published["01.1"].translation_key == old_keys["01.1"]
    assert published["05.1"].translation_key not in old_keys.values()
    assert "Yeni xətt" in client.get(page.url).content.decode()


def test_a_line_dropped_before_anybody_saw_it_simply_goes(site_structure):
    page = _budget_page()
    draft_budget_import(page=page, data=(HEADER + "07.1,Tələsik,5,\n").encode(), user=None)
    revision = draft_budget_import(
        page=page, data=(HEADER + "00.1,Xərc maddəsi 0,1000,900\n").encode(), user=None
    )
    # 07.1 was only ever in an unpublished draft; 01.1 was published, so it stays, withdrawn.
    assert [(s.number, s.withdrawn) for s in revision.as_object().sections.all()] == [
        ("00.1", False),
        ("01.1", True),
    ]


def test_a_bad_file_saves_nothing(site_structure):
    page = _budget_page()
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    with pytest.raises(BudgetImportError) as raised:
        draft_budget_import(
            page=page, data=(HEADER + "09.1,Yaxşı,1,\n09.2,Pis,yox,\n").encode(), user=None
        )
    assert [error.row for error in raised.value.errors] == [3]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    assert ConsultationSection.objects.filter(page=page).count() == 2


def test_a_consultation_that_is_not_on_a_budget_takes_no_budget_lines(site_structure):
    page = make_consultation(slug="qanun", kind=ConsultationKind.DRAFT_ACT)
    with pytest.raises(BudgetImportError):
        draft_budget_import(page=page, data=(HEADER + "01,A,1,\n").encode(), user=None)


def test_the_command_prints_progress_and_saves_a_draft(site_structure, tmp_path):
    page = _budget_page()
    csv_file = tmp_path / "budce.csv"
    csv_file.write_text(HEADER + "01.1,Təhsil,100,90\n", encoding="utf-8")
    out = StringIO()
    call_command("import_draft_budget", "--page", str(page.pk), str(csv_file), stdout=out)
    assert "Saved draft revision" in out.getvalue()
    assert "with 1 budget lines, and 1 published line(s)" in out.getvalue()
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    lines = [(s.number, s.withdrawn) for s in draft.sections.all()]
    assert lines == [("01.1", False), ("00.1", True)]


def test_the_command_fails_with_the_row_errors_and_saves_nothing(site_structure, tmp_path):
    page = _budget_page()
    csv_file = tmp_path / "budce.csv"
    csv_file.write_text(HEADER + "01.1,,100,90\n", encoding="utf-8")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_draft_budget", "--page", str(page.pk), str(csv_file), stderr=err)
    assert "Row 2: the name is missing." in err.getvalue()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().sections.count() == 2


def test_the_command_refuses_an_unknown_page(site_structure, tmp_path):
    csv_file = tmp_path / "budce.csv"
    csv_file.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="no consultation page"):
        call_command("import_draft_budget", "--page", "999999", str(csv_file))


def _person():
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _upload(text: str):
    return {"file": SimpleUploadedFile("budce.csv", text.encode(), content_type="text/csv")}


def test_an_editor_imports_from_the_pages_edit_screen_and_sees_errors_by_row(
    client, site_structure
):
    page = _budget_page()
    log_in_with_second_factor(client, *editor_with_authenticator())
    edit_screen = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    url = f"/admin/consultations/{page.pk}/import-budget/"
    assert url in edit_screen

    refused = client.post(url, _upload(HEADER + "01.1,Təhsil,on,\n"))
    assert refused.status_code == 400
    # The admin speaks the editor's language, Azerbaijani unless they chose another.
    assert "Sətir 2:" in refused.content.decode()

    accepted = client.post(url, _upload(HEADER + "01.1,Təhsil,10,\n"))
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/admin/pages/{page.pk}/history/"
    history = client.get(accepted["Location"]).content.decode()
    assert "budce" in history or page.title in history


def test_only_someone_who_may_edit_the_page_may_import(client, site_structure):
    page = _budget_page()
    url = f"/admin/consultations/{page.pk}/import-budget/"
    # An admin user who may edit other pages, not consultations.
    editor, secret = _person()
    group = Group.objects.create(name="Elsewhere")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=consultation_index("en"), permission_type="change"
    )
    editor.groups.add(group)
    log_in_with_second_factor(client, editor, secret)
    # The admin answers a refusal by sending the person back to its dashboard with a message.
    refused = client.get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    refused = client.post(url, _upload(HEADER + "01.1,Təhsil,10,\n"))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().sections.count() == 2


def test_a_consultation_not_on_a_budget_has_no_import_screen(client, site_structure):
    log_in_with_second_factor(client, *editor_with_authenticator())
    act = make_consultation(slug="qanun", kind=ConsultationKind.DRAFT_ACT)
    response = client.get(f"/admin/consultations/{act.pk}/import-budget/", follow=True)
    assert response.status_code == 404
    assert "import-budget" not in client.get(f"/admin/pages/{act.pk}/edit/").content.decode()
