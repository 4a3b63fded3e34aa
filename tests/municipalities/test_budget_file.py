"""Reading a budget report's file: every accepted way of writing an amount, CSV and XLSX, the
categories derived from codes, and every error a person can make, each named by its row."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from municipalities.choices import Category
from municipalities.services import budget_import
from municipalities.services.budget_import import BudgetFileError, budget_file_parse
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, HEADER, xlsx


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def errors_of(data: bytes, stage: str = "annual", file_name: str = "") -> list[str]:
    with pytest.raises(BudgetFileError) as raised:
        budget_file_parse(data, stage=stage, file_name=file_name)
    return [str(error) for error in raised.value.errors]


def one_line(planned: str, stage: str = "approved") -> Decimal:
    data = f"{HEADER}\n1.1,Torpaq vergisi,revenue,{planned},,\n".encode()
    return budget_file_parse(data, stage=stage).lines[0].planned


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1 234.56", "1234.56"),
        ("1234", "1234.00"),
        ("1234,5", "1234.50"),
        ("0", "0.00"),
        ("12 345 678 901,99", "12345678901.99"),
    ],
)
def test_every_accepted_way_of_writing_an_amount_reads_as_manat(written, amount):
    assert one_line(f'"{written}"') == Decimal(amount)


def test_a_file_with_a_byte_order_mark_and_semicolons_reads_like_a_plain_one():
    plain = budget_file_parse(EXECUTION_CSV.encode(), stage="annual")
    excel = "\ufeff" + EXECUTION_CSV.replace(",", ";").replace("1 150.50", "1 150,50").replace(
        "450.25", "450,25"
    )
    semicolons = budget_file_parse(excel.encode(), stage="annual")
    assert semicolons.lines == plain.lines


def test_lines_keep_their_order_codes_kinds_and_categories_and_the_totals_add_up():
    report = budget_file_parse(EXECUTION_CSV.encode(), stage="annual")
    assert [(line.position, line.code, line.kind, line.category) for line in report.lines] == [
        (1, "1.1.1", "revenue", Category.LOCAL_TAXES),
        (2, "3.1", "revenue", Category.TRANSFERS),
        (3, "04.1", "expenditure", Category.EDUCATION),
        (4, "08.2", "expenditure", Category.HOUSING),
    ]
    assert report.totals == {
        "revenue_planned": Decimal("2000.00"),
        "revenue_revised": Decimal("900.00"),
        "revenue_executed": Decimal("2050.50"),
        "expenditure_planned": Decimal("2000.00"),
        "expenditure_revised": None,
        "expenditure_executed": Decimal("1850.25"),
    }


@pytest.mark.parametrize(
    ("kind", "code", "category"),
    [
        ("revenue", "1.2", Category.LOCAL_TAXES),
        ("revenue", "21", Category.LOCAL_PAYMENTS),
        ("revenue", "3", Category.TRANSFERS),
        ("revenue", "4.1", Category.OTHER),
        ("revenue", "A-1", Category.OTHER),
        ("expenditure", "01.1", Category.GENERAL_SERVICES),
        ("expenditure", "0610", Category.SOCIAL_PROTECTION),
        ("expenditure", "07 2", Category.CULTURE),
        ("expenditure", "12", Category.TRANSPORT),
        ("expenditure", "14.1", Category.OTHER),
        ("expenditure", "9", Category.OTHER),
    ],
)
def test_a_lines_category_follows_from_its_code(kind, code, category):
    assert budget_import.category_of(kind, code) == category


def test_an_xlsx_workbook_with_numbers_and_written_amounts_reads_like_the_csv():
    data = xlsx(
        [
            HEADER.split(","),
            ["1.1.1", "Fiziki şəxslərdən torpaq vergisi", "Revenue", 1200, None, "1 150,50"],
            ["3.1", "Dövlət büdcəsindən dotasiya", "revenue", 800.0, 900, 900],
            ["04.1", "Məktəbəqədər təhsil", "expenditure", "1500", None, 1400],
            # A formula's float noise is not a fraction of a qəpik.
            ["08.2", "Küçələrin işıqlandırılması", "expenditure", 500, None, 450.25000000000003],
            [None, None, None, None, None, None],
        ]
    )
    from_xlsx = budget_file_parse(data, stage="annual", file_name="hesabat.xlsx")
    assert from_xlsx.lines == budget_file_parse(EXECUTION_CSV.encode(), stage="annual").lines


def _inline_text_workbook(rows) -> bytes:
    """As some programs write XLSX: text inline in the cells, no shared strings, and no
    <dimension> at the top of the sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("workbook", [xlsx, _inline_text_workbook])
def test_an_xlsx_row_error_names_the_spreadsheets_row_after_empty_rows_and_empty_cells(workbook):
    data = workbook(
        [
            HEADER.split(","),
            ["1.1.1", "Fiziki şəxslərdən torpaq vergisi", "revenue", 1200, None, "1 150,50"],
            [],
            [],
            ["04.1", "Məktəbəqədər təhsil", "income", 1500, None, 1400],
        ]
    )
    assert errors_of(data, file_name="hesabat.xlsx") == [
        "Row 5: the kind 'income' is neither revenue nor expenditure."
    ]


def test_a_row_with_a_stray_cell_in_the_sheets_last_column_is_refused_as_too_wide():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["04.1", "Məktəbəqədər təhsil", "expenditure", 1500, None, 1400])
    sheet.cell(row=2, column=16_384, value="x")  # XFD2
    buffer = io.BytesIO()
    workbook.save(buffer)
    (error,) = errors_of(buffer.getvalue(), file_name="hesabat.xlsx")
    assert error.startswith("Row 2: it has ") and error.endswith(" columns instead of 6.")


def test_a_workbook_numbering_a_row_beyond_any_sheet_is_refused():
    data = xlsx(
        [HEADER.split(","), ["04.1", "Məktəbəqədər təhsil", "expenditure", 1500, None, 1400]]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<row r="2"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'<row r="2"', b'<row r="999999999999"')
    crafted = io.BytesIO()
    with zipfile.ZipFile(crafted, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    assert errors_of(crafted.getvalue(), file_name="hesabat.xlsx") == [
        "Row 1: the file cannot be read as an XLSX workbook."
    ]


def test_an_approved_budget_needs_no_revised_or_executed_column_values():
    report = budget_file_parse(APPROVED_CSV.encode(), stage="approved")
    assert [(line.planned, line.revised, line.executed) for line in report.lines] == [
        (Decimal("1200.00"), None, None),
        (Decimal("1500.00"), None, None),
    ]
    assert report.totals["revenue_executed"] is None


@pytest.mark.parametrize(
    ("row", "stage", "message"),
    [
        (
            "1.1,Vergi,income,10,,",
            "approved",
            "Row 2: the kind 'income' is neither revenue nor expenditure.",
        ),
        (
            "1.1,Vergi,revenue,12.345,,",
            "approved",
            "Row 2: '12.345' in the column planned is not a sum of manat such as 1234.56, "
            "1 234,56 or 1234,56.",
        ),
        (
            '1.1,Vergi,revenue,"1,234",,',
            "approved",
            "Row 2: '1,234' in the column planned is not a sum of manat such as 1234.56, "
            "1 234,56 or 1234,56.",
        ),
        (
            "1.1,Vergi,revenue,ten,,",
            "approved",
            "Row 2: 'ten' in the column planned is not a sum of manat such as 1234.56, "
            "1 234,56 or 1234,56.",
        ),
        (
            "1.1,Vergi,revenue,-5,,",
            "approved",
            "Row 2: the planned amount -5 is negative; amounts are never negative.",
        ),
        (
            "1.1,Vergi,revenue,5,,-1",
            "annual",
            "Row 2: the executed amount -1 is negative; amounts are never negative.",
        ),
        (
            "1.1,Vergi,revenue,100000000000000,,",
            "approved",
            "Row 2: '100000000000000' in the column planned is not a sum of manat such as "
            "1234.56, 1 234,56 or 1234,56.",
        ),
        ("1.1,,revenue,5,,", "approved", "Row 2: the name is missing."),
        (",Vergi,revenue,5,,", "approved", "Row 2: the code is missing."),
        ("1.1,Vergi,revenue,,,", "approved", "Row 2: the planned amount is missing."),
        (
            "1.1,Vergi,revenue,5,6,",
            "draft",
            "Row 2: a draft budget has no revised amount; leave it empty.",
        ),
        (
            "1.1,Vergi,revenue,5,,4",
            "approved",
            "Row 2: a budget not yet executed has no executed amount; leave it empty.",
        ),
        (
            "1.1,Vergi,revenue,5,,",
            "q1",
            "Row 2: the executed amount is missing; an execution report gives it.",
        ),
        (
            "1.1,Vergi,revenue,5,,,extra",
            "approved",
            "Row 2: it has 7 columns instead of 6.",
        ),
        (
            f"{'9' * 31},Vergi,revenue,5,,",
            "approved",
            "Row 2: the code is longer than 30 characters.",
        ),
        (
            f"1.1,{'a' * 256},revenue,5,,",
            "approved",
            "Row 2: the name is longer than 255 characters.",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_row_number_and_reason(row, stage, message):
    assert errors_of(f"{HEADER}\n{row}\n".encode(), stage) == [message]


def test_a_duplicate_code_names_the_row_it_first_appeared_on():
    data = f"{HEADER}\n1.1,Vergi,revenue,5,,\n\n1.1,Başqa,revenue,6,,\n".encode()
    assert errors_of(data, "approved") == ["Row 4: the code 1.1 is already on row 2."]


def test_every_bad_row_is_listed_not_only_the_first():
    data = f"{HEADER}\n1,,revenue,5,,\n2,Ok,revenue,5,,\n3,Vergi,tax,x,,\n".encode()
    assert errors_of(data, "approved") == [
        "Row 2: the name is missing.",
        "Row 4: the kind 'tax' is neither revenue nor expenditure.",
        "Row 4: 'x' in the column planned is not a sum of manat such as 1234.56, 1 234,56 or "
        "1234,56.",
    ]


def _cut_short_sheet() -> bytes:
    """A workbook whose sheet stops halfway, as a broken download leaves it."""
    whole = zipfile.ZipFile(io.BytesIO(xlsx([HEADER.split(","), ["1.1", "Vergi", "revenue", 5]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as cut:
        for name in whole.namelist():
            content = whole.read(name)
            sheet = name.startswith("xl/worksheets/")
            cut.writestr(name, content[: len(content) // 2] if sheet else content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Row 1: the file is empty."),
        (b"  \n", "Row 1: the file is empty."),
        (
            b"code,name,amount\n1,a,5\n",
            "Row 1: the first row must name the columns code,name,kind,planned,revised,executed.",
        ),
        (
            b"1.1,Vergi,revenue,5,,\n",
            "Row 1: the first row must name the columns code,name,kind,planned,revised,executed.",
        ),
        (HEADER.encode() + b"\n", "Row 2: the file has no budget lines under its header."),
        (
            HEADER.encode() + b"\n1,T\xf6rpaq,revenue,5,,\n",
            "Row 1: the file is not UTF-8 text; save it as CSV UTF-8 or as XLSX.",
        ),
        (
            b"PK\x03\x04 not really a workbook",
            "Row 1: the file cannot be read as an XLSX workbook.",
        ),
        (_cut_short_sheet(), "Row 1: the file cannot be read as an XLSX workbook."),
    ],
)
def test_a_file_that_is_not_a_budget_table_is_refused_as_a_whole(data, message):
    assert errors_of(data) == [message]


def test_a_file_beyond_the_line_limit_is_refused(monkeypatch):
    monkeypatch.setattr(budget_import, "MAX_LINES", 3)
    rows = "".join(f"{n},Line {n},revenue,1,,\n" for n in range(1, 5))
    assert errors_of(f"{HEADER}\n{rows}".encode(), "approved") == [
        "Row 5: the file has more than 3 lines; split it or ask the site's operator."
    ]
