"""Writes of a consultation's draft: importing a draft budget's lines from CSV.

An import is all or nothing: every row is checked first, and any bad row gives the list of
errors by row with nothing saved. A good file becomes a new draft revision of the page, which
the editor sees in the page's history and publishes like any other change; the published page
stays as it was until then.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Revision

from consultations.choices import SectionKind
from consultations.models import ConsultationPage, ConsultationSection

BUDGET_COLUMNS = ["code", "name", "amount", "previous_amount"]
CODE_MAX_LENGTH = ConsultationSection._meta.get_field("number").max_length
NAME_MAX_LENGTH = ConsultationSection._meta.get_field("title").max_length
# DecimalField(max_digits=16, decimal_places=2): at most 14 digits before the decimal mark.
AMOUNT_LIMIT = Decimal(10) ** 14
# Spaces group thousands ("1 234,56"), plain, no-break or narrow no-break as spreadsheets write.
GROUPING_SPACES = re.compile(r"[ \u00a0\u202f]")
AMOUNT_PATTERN = re.compile(r"-?[0-9]+(?:[.,][0-9]{1,2})?")


@dataclass(frozen=True)
class RowError:
    """`row` is the row as a spreadsheet numbers it: the header is row 1."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class BudgetLine:
    code: str
    name: str
    amount: Decimal
    previous_amount: Decimal | None


class BudgetImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def parse_amount(raw: str) -> Decimal | None:
    """A sum of manat as written by people and spreadsheets: 1234.56, 1 234,56 or 1234,56.
    None when it is not one; "1,234" is refused, as it could be either."""
    text = GROUPING_SPACES.sub("", raw.strip())
    if not AMOUNT_PATTERN.fullmatch(text):
        return None
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return amount if abs(amount) < AMOUNT_LIMIT else None


def _amount_error(column: str, raw: str) -> str:
    return _(
        "the %(column)s %(value)r is not a sum of manat such as 1234.56, 1 234,56 or 1234,56."
    ) % {"column": column, "value": raw}


def budget_lines_parse(data: bytes) -> tuple[list[BudgetLine], list[RowError]]:
    """The lines of a budget CSV (header `code,name,amount,previous_amount`; a comma or, as
    some spreadsheets export, a semicolon between columns) and every row's errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, _("the file is not UTF-8 text; save it as CSV UTF-8."))]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    if header is None or [cell.strip().lower() for cell in header] != BUDGET_COLUMNS:
        return [], [
            RowError(
                1,
                _("the first row must name the columns %(columns)s.")
                % {"columns": ",".join(BUDGET_COLUMNS)},
            )
        ]
    lines, errors = [], []
    first_row_of_code: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(BUDGET_COLUMNS):
            errors.append(
                RowError(
                    number,
                    _("it has %(found)s columns instead of %(expected)s.")
                    % {"found": len(cells), "expected": len(BUDGET_COLUMNS)},
                )
            )
            continue
        code, name, raw_amount, raw_previous = (cell.strip() for cell in cells)
        row_errors = []
        if not code:
            row_errors.append(_("the code is missing."))
        elif len(code) > CODE_MAX_LENGTH:
            row_errors.append(
                _("the code is longer than %(limit)s characters.") % {"limit": CODE_MAX_LENGTH}
            )
        elif code in first_row_of_code:
            row_errors.append(
                _("the code %(code)s is already on row %(row)s.")
                % {"code": code, "row": first_row_of_code[code]}
            )
        else:
            first_row_of_code[code] = number
        if not name:
            row_errors.append(_("the name is missing."))
        elif len(name) > NAME_MAX_LENGTH:
            row_errors.append(
                _("the name is longer than %(limit)s characters.") % {"limit": NAME_MAX_LENGTH}
            )
        amount = parse_amount(raw_amount)
        if not raw_amount:
            row_errors.append(_("the amount is missing."))
        elif amount is None:
            row_errors.append(_amount_error("amount", raw_amount))
        previous = parse_amount(raw_previous) if raw_previous else None
        if raw_previous and previous is None:
            row_errors.append(_amount_error("previous_amount", raw_previous))
        if row_errors:
            errors.extend(RowError(number, message) for message in row_errors)
        else:
            lines.append(BudgetLine(code, name, amount, previous))
    if not lines and not errors:
        errors.append(RowError(2, _("the file has no budget lines under its header.")))
    return lines, errors


@transaction.atomic
def draft_budget_import(*, page: ConsultationPage, data: bytes, user) -> Revision:
    """Replaces the budget lines of the page's latest draft with those of the CSV, as a new
    draft revision by `user` (None for the site's operator running the management command).

    A line keeps its identity (and so the comments on it) when its code stays: it is matched by
    code with the draft's lines, then with the default-language page's, whose translation key a
    translated page shares. Other sections of the draft are kept, before the lines.
    """
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    if not page.is_budget:
        raise BudgetImportError(
            [RowError(1, _("this consultation is not on a draft budget; set its kind first."))]
        )
    lines, errors = budget_lines_parse(data)
    if errors:
        raise BudgetImportError(errors)
    draft = page.get_latest_revision_as_object()
    sections = list(draft.sections.all())
    kept = [section for section in sections if section.kind != SectionKind.BUDGET_LINE]
    by_code = {
        section.number: section for section in sections if section.kind == SectionKind.BUDGET_LINE
    }
    source = ConsultationPage.objects.source_of(page)
    source_keys = dict(
        source.sections.filter(kind=SectionKind.BUDGET_LINE).values_list(
            "number", "translation_key"
        )
        if source.pk != page.pk
        else []
    )
    imported = []
    for line in lines:
        section = by_code.get(line.code) or ConsultationSection(
            kind=SectionKind.BUDGET_LINE, locale_id=draft.locale_id
        )
        if section.pk is None and line.code in source_keys:
            section.translation_key = source_keys[line.code]
        section.number = line.code
        section.title = line.name
        section.amount = line.amount
        section.previous_amount = line.previous_amount
        imported.append(section)
    for position, section in enumerate(kept + imported):
        section.sort_order = position
    draft.sections = kept + imported
    return draft.save_revision(user=user, log_action=True, changed=True)
