"""What both budget imports read alike, row by row: a consultation's draft budget lines
(consultations) and a municipality's budget report (municipalities). Sums of manat as people
and spreadsheets write them, the code and the name of a line, and errors named by row, so
that both tell a person the same thing about the same mistake."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# DecimalField(max_digits=16, decimal_places=2): at most 14 digits before the decimal mark.
AMOUNT_LIMIT = Decimal(10) ** 14
CENT = Decimal("0.01")
# Spaces group thousands ("1 234,56"): plain, no-break or narrow no-break, as spreadsheets write.
GROUPING_SPACES = re.compile(r"[ \u00a0\u202f]")
# One decimal mark, a point or a comma, with at most two digits after it. "1,234" is read as
# 1.234 would be: refused, since it has three digits after the mark.
AMOUNT_PATTERN = re.compile(r"-?[0-9]+(?:[.,][0-9]{1,2})?")
# A spreadsheet's float may carry binary noise (0.30000000000000004), not real fractions of a
# qəpik.
FLOAT_NOISE = Decimal("0.000001")


@dataclass(frozen=True)
class RowError:
    """`row` is the row as a spreadsheet numbers it: the header is row 1."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class RowErrorsFound(Exception):
    """A file refused as a whole, with every row's errors; nothing of it was saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def csv_rows(text: str):
    """The rows of CSV text, separated by commas or, as a spreadsheet set to a comma decimal
    mark exports, by semicolons: the header, which names the columns, tells which."""
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def parse_amount(raw) -> Decimal | None:
    """A sum of manat as people and spreadsheets write it: 1234.56, 1 234,56 (plain, no-break or
    narrow no-break spaces) or 1234,56; or a spreadsheet's number. None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            return None
        rounded = amount.quantize(CENT) if amount.is_finite() else None
        if rounded is None or abs(amount - rounded) > FLOAT_NOISE:
            return None
        return rounded if abs(rounded) < AMOUNT_LIMIT else None
    text = GROUPING_SPACES.sub("", str(raw).strip())
    if not AMOUNT_PATTERN.fullmatch(text):
        return None
    amount = Decimal(text.replace(",", "."))
    return amount.quantize(CENT) if abs(amount) < AMOUNT_LIMIT else None


def amount_error(column: str, text: str) -> str:
    return _(
        "%(value)r in the column %(column)s is not a sum of manat such as 1234.56, 1 234,56 or "
        "1234,56."
    ) % {"column": column, "value": text}


def line_identity_errors(
    row: int,
    code: str,
    name: str,
    *,
    first_row_of_code: dict[str, int],
    code_max_length: int,
    name_max_length: int,
) -> list[str]:
    """What is wrong with a line's code and name: missing, too long, or a code an earlier row
    already has. Records the code's first row in `first_row_of_code`."""
    errors = []
    if not code:
        errors.append(_("the code is missing."))
    elif len(code) > code_max_length:
        errors.append(
            _("the code is longer than %(limit)s characters.") % {"limit": code_max_length}
        )
    elif code in first_row_of_code:
        errors.append(
            _("the code %(code)s is already on row %(row)s.")
            % {"code": code, "row": first_row_of_code[code]}
        )
    else:
        first_row_of_code[code] = row
    if not name:
        errors.append(_("the name is missing."))
    elif len(name) > name_max_length:
        errors.append(
            _("the name is longer than %(limit)s characters.") % {"limit": name_max_length}
        )
    return errors
