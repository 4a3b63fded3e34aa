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

from django.utils.translation import gettext as _
from openpyxl import load_workbook

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
# Far beyond a municipality's few hundred lines; bounds the work one upload can cause.
MAX_LINES = 20_000
XLSX_MAGIC = b"PK\x03\x04"
LEADING_DIGITS = re.compile(r"[0-9][0-9 .-]*")


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


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise BudgetFileError(
            [RowError(1, _("the file cannot be read as an XLSX workbook."))]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


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
    if kind not in LineKind.values:
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
