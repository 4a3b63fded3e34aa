"""Reading a budget report's file: CSV (UTF-8, with or without a byte-order mark; commas, or
semicolons as some spreadsheets export) or XLSX (its first sheet), with the header
`code,name,kind,planned,revised,executed`.

Nothing here writes: `budget_file_parse` gives the lines with their categories and totals, or
raises `BudgetFileError` with every row's errors, so a bad file saves nothing. What a stage
allows (README, "Budget reports"):

    draft               planned only; revised and executed empty
    approved            planned, revised where the budget was amended; executed empty
    q1, q2, q3, annual  planned and executed on every line; revised where amended
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import ParseError, iterparse

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
from openpyxl.xml.constants import SHEET_MAIN_NS

from civic_platform.budget_rows import (
    RowError,
    RowErrorsFound,
    amount_error,
    csv_rows,
    line_identity_errors,
    parse_amount,
)
from municipalities.choices import (
    EXECUTION_STAGES,
    FUNCTION_SECTIONS,
    REVENUE_GROUPS,
    Category,
    LineKind,
    Stage,
)
from municipalities.models.budgets import CODE_MAX_LENGTH, NAME_MAX_LENGTH

COLUMNS = ["code", "name", "kind", "planned", "revised", "executed"]
AMOUNT_COLUMNS = ("planned", "revised", "executed")
# Asked of every line: LineKind.values builds its list anew each time.
KINDS = frozenset(LineKind.values)
# Far beyond a municipality's few hundred lines; bounds the work one upload can cause.
MAX_LINES = 20_000
# Columns a row of an XLSX sheet is padded to at most; anything wider is refused anyway.
WIDEST_ROW = 100
# A spreadsheet's rows (XLSX allows no more).
SHEET_ROWS = 1_048_576
XLSX_MAGIC = b"PK\x03\x04"
LEADING_DIGITS = re.compile(r"[0-9][0-9 .-]*")
ROW_TAG, CELL_TAG, VALUE_TAG = (f"{{{SHEET_MAIN_NS}}}{name}" for name in ("row", "c", "v"))
INLINE_TAG, TEXT_TAG = f"{{{SHEET_MAIN_NS}}}is", f"{{{SHEET_MAIN_NS}}}t"
RICH_TEXT_PATH = f"{{{SHEET_MAIN_NS}}}r/{TEXT_TAG}"


class BudgetFileError(RowErrorsFound):
    """A budget report's file refused, with every row's errors."""


@dataclass(frozen=True)
class ParsedLine:
    position: int
    code: str
    name: str
    kind: str
    category: str
    planned: Decimal
    revised: Decimal | None
    executed: Decimal | None


@dataclass
class ParsedReport:
    lines: list[ParsedLine] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, Decimal | None]:
        """{"revenue_planned": ..., "expenditure_executed": ...}: a revised or executed total is
        None when no line of that kind has the amount."""
        totals: dict[str, Decimal | None] = {}
        for kind in LineKind.values:
            lines = [line for line in self.lines if line.kind == kind]
            for column in AMOUNT_COLUMNS:
                amounts = [getattr(line, column) for line in lines]
                given = [amount for amount in amounts if amount is not None]
                if column == "planned":
                    totals[f"{kind}_{column}"] = sum(given, Decimal(0))
                else:
                    totals[f"{kind}_{column}"] = sum(given, Decimal(0)) if given else None
        return totals


def category_of(kind: str, code: str) -> str:
    """Revenue by the first digit of its code (1 local taxes, 2 local payments, 3 transfers),
    expenditure by its first two (the section of the functional classification, 01–13); any
    other code (one not starting with a digit, too) is `other`. Dots, spaces and hyphens
    between the digits are ignored: 04.1.0 is section 04."""
    start = LEADING_DIGITS.match(code)
    digits = re.sub(r"[^0-9]", "", start.group()) if start else ""
    if kind == LineKind.REVENUE:
        return REVENUE_GROUPS.get(digits[:1], Category.OTHER)
    return FUNCTION_SECTIONS.get(digits[:2], Category.OTHER)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BudgetFileError(
            [RowError(1, _("the file is not UTF-8 text; save it as CSV UTF-8 or as XLSX."))]
        ) from error
    yield from csv_rows(text)


def _not_a_workbook() -> BudgetFileError:
    return BudgetFileError([RowError(1, _("the file cannot be read as an XLSX workbook."))])


def _xlsx_rows(data: bytes):
    """The first worksheet's rows, as lists of the values a spreadsheet shows (text, int,
    float, bool; None for an empty cell), a missing row as an empty one so row numbers stay
    the spreadsheet's. openpyxl reads the package (the workbook's sheets, the shared strings);
    the sheet's cells are read here, straight from its XML: openpyxl's read-only worksheet
    builds objects for every cell, and parses a sheet without a <dimension> twice, which made
    a 10,000-line report take 6 s to read (bench/municipal_import.py)."""
    try:
        package = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        package.read_manifest()
        package.read_strings()
        package.read_workbook()
        target = next(
            rel.target
            for _sheet, rel in package.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in package.valid_files
        )
        source = package.archive.open(target)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, StopIteration, ParseError) as error:
        raise _not_a_workbook() from error
    try:
        yield from _sheet_rows(source, package.shared_strings)
    except (ParseError, ValueError, IndexError) as error:
        raise _not_a_workbook() from error
    finally:
        source.close()
        package.archive.close()


def _sheet_rows(source, shared_strings: list[str]):
    number = 0
    # The standard library's C parser, not defusedxml's pure-Python one (three times slower):
    # ElementTree never fetches external entities, and expat 2.4+ (Python 3.11's) refuses the
    # entity blow-ups ("billion laughs") defusedxml guards against.
    for _event, element in iterparse(source):  # noqa: S314
        if element.tag != ROW_TAG:
            continue
        row_number = int(element.get("r") or number + 1)
        if not number < row_number <= SHEET_ROWS:
            # Rows come in order within a sheet's size; a crafted number must not have the
            # gap before it filled with billions of empty rows.
            raise ValueError(f"Row number {row_number} out of order or beyond the sheet.")
        for _missing in range(number + 1, row_number):
            yield []
        number = row_number
        cells: list = []
        for cell in element.iter(CELL_TAG):
            reference = cell.get("r")
            column = (
                column_index_from_string(reference.rstrip("0123456789"))
                if reference
                else len(cells) + 1
            )
            # A cell far to the right (XFD is column 16,384) pads the row only this far: one
            # stray cell per row must not make an upload of a few megabytes fill gigabytes.
            cells += [None] * (min(column, WIDEST_ROW) - 1 - len(cells))
            cells.append(_cell_value(cell, shared_strings))
        element.clear()
        yield cells


def _cell_value(cell, shared_strings: list[str]):
    """A cell's value as openpyxl's read-only, data-only mode gives it (a formula's last
    computed value; a date stays its serial number, which no amount or code is)."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        # Plain or rich text runs; a phonetic guide (<rPh>) is not part of the value.
        inline = cell.find(INLINE_TAG)
        if inline is None:
            return None
        plain = inline.find(TEXT_TAG)
        if plain is not None:
            return plain.text or ""
        return "".join(text.text or "" for text in inline.iterfind(RICH_TEXT_PATH))
    value = cell.findtext(VALUE_TAG)
    if value is None or value == "":
        return None
    if kind == "s":
        return shared_strings[int(value)]
    if kind == "b":
        return value == "1"
    if kind == "n":
        return float(value) if any(mark in value for mark in ".eE") else int(value)
    return value  # "str" (a formula's text), "e" (an error such as #DIV/0!), "d" (ISO date)


def is_xlsx(data: bytes, file_name: str = "") -> bool:
    return data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx")


def _trimmed(cells) -> list:
    """The row without the empty cells a spreadsheet may carry past its last column."""
    cells = list(cells)
    while cells and _cell_text(cells[-1]) == "":
        cells.pop()
    return cells


def _check_row(number, position, cells, stage, first_row_of_code, errors) -> ParsedLine | None:
    texts = [_cell_text(cell) for cell in cells]
    code, name, kind = texts[0], texts[1], texts[2].lower()
    row_errors = line_identity_errors(
        number,
        code,
        name,
        first_row_of_code=first_row_of_code,
        code_max_length=CODE_MAX_LENGTH,
        name_max_length=NAME_MAX_LENGTH,
    )
    if kind not in KINDS:
        row_errors.append(
            _("the kind %(kind)r is neither revenue nor expenditure.") % {"kind": texts[2]}
        )
    amounts = {}
    for column, raw, text in zip(AMOUNT_COLUMNS, cells[3:6], texts[3:6], strict=True):
        if text == "":
            amounts[column] = None
            continue
        amount = parse_amount(raw)
        if amount is None:
            row_errors.append(amount_error(column, text))
        elif amount < 0:
            row_errors.append(
                _("the %(column)s amount %(value)s is negative; amounts are never negative.")
                % {"column": column, "value": text}
            )
        amounts[column] = amount
    if texts[3] == "":
        row_errors.append(_("the planned amount is missing."))
    if stage == Stage.DRAFT and texts[4]:
        row_errors.append(_("a draft budget has no revised amount; leave it empty."))
    if stage in (Stage.DRAFT, Stage.APPROVED) and texts[5]:
        row_errors.append(_("a budget not yet executed has no executed amount; leave it empty."))
    if stage in EXECUTION_STAGES and not texts[5]:
        row_errors.append(_("the executed amount is missing; an execution report gives it."))
    if row_errors:
        errors.extend(RowError(number, message) for message in row_errors)
        return None
    return ParsedLine(
        position=position,
        code=code,
        name=name,
        kind=kind,
        category=category_of(kind, code),
        planned=amounts["planned"],
        revised=amounts["revised"],
        executed=amounts["executed"],
    )


def budget_file_parse(data: bytes, *, stage: str, file_name: str = "") -> ParsedReport:
    """The lines of a budget report's file for `stage`, or BudgetFileError with every error."""
    if not data.strip():
        raise BudgetFileError([RowError(1, _("the file is empty."))])
    rows = iter(_xlsx_rows(data) if is_xlsx(data, file_name) else _csv_rows(data))
    header = next(rows, None)
    if header is None or [_cell_text(cell).lower() for cell in _trimmed(header)] != COLUMNS:
        raise BudgetFileError(
            [
                RowError(
                    1,
                    _("the first row must name the columns %(columns)s.")
                    % {"columns": ",".join(COLUMNS)},
                )
            ]
        )
    report, errors = ParsedReport(), []
    first_row_of_code: dict[str, int] = {}
    seen = 0
    for number, cells in enumerate(rows, start=2):
        if not any(_cell_text(cell) for cell in cells):
            continue
        seen += 1
        if seen > MAX_LINES:
            raise BudgetFileError(
                [
                    *errors,
                    RowError(
                        number,
                        _(
                            "the file has more than %(limit)s lines; split it or ask the "
                            "site's operator."
                        )
                        % {"limit": MAX_LINES},
                    ),
                ]
            )
        cells = _trimmed(cells)
        # Trailing empty cells were cut: a row whose revised and executed are empty is short.
        cells += [None] * (len(COLUMNS) - len(cells)) if 3 <= len(cells) < len(COLUMNS) else []
        if len(cells) != len(COLUMNS):
            errors.append(
                RowError(
                    number,
                    _("it has %(found)s columns instead of %(expected)s.")
                    % {"found": len(cells), "expected": len(COLUMNS)},
                )
            )
            continue
        line = _check_row(number, len(report.lines) + 1, cells, stage, first_row_of_code, errors)
        if line is not None:
            report.lines.append(line)
    if not report.lines and not errors:
        errors.append(RowError(2, _("the file has no budget lines under its header.")))
    if errors:
        raise BudgetFileError(errors)
    return report
