"""Check the plan file against the plan's own text: the Azerbaijani words are the plan's words.

The source is the plain text extracted from the plan's PDF. Its table cells come out one after
another, and a page break interleaves the columns of the row it cuts (the rest of a title comes
after the first lines of its executors). So the source is split at the numbers the plan gives
its rows ("5." heads an area, "5.5." a measure), and a measure's title and indicator must read
word for word in its own row, cut at most once (by a page break); an area's title must stand in
its heading word for word. Punctuation and letter case are not compared.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from themes.services import ACTION_PLAN_FILE, ActionPlanError, load_action_plan

# A row number stands at the start of a line: "5." and the area's title, or "5.5." alone.
AREA_HEADING = re.compile(r"^[ \t]*([1-9]\d*)\.[ \t]+(?=\S)", re.MULTILINE)
MEASURE_NUMBER = re.compile(r"^[ \t]*([1-9]\d*\.[1-9]\d*)\.(?=\s)", re.MULTILINE)
WORD = re.compile(r"\w+")


class PlanSourceError(ValueError):
    """The source text or the plan file cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Word:
    written: str  # as the text writes it, for messages
    folded: str  # what is compared


@dataclass(frozen=True)
class Mismatch:
    where: str  # "measure 5.5", "area 3"
    field: str  # "title (az)", "indicator (az)", "source", "plan"
    problem: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.problem}"


@dataclass
class PlanSource:
    """The source cut into its rows: each area's heading and each measure's row, as words."""

    areas: dict[int, list[Word]] = field(default_factory=dict)
    measures: dict[str, list[Word]] = field(default_factory=dict)
    numbered_twice: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Azerbaijani lower case: "I" is the capital of "ı" and "İ" of "i" (Python maps "İ" to
    "i" plus a combining dot, which would split the word)."""
    text = unicodedata.normalize("NFC", text).replace("İ", "i").replace("I", "ı")
    return text.lower()


def words(text: str) -> list[Word]:
    # Punctuation, quotes, hyphens and line breaks are not compared: the extraction broke
    # lines and hyphenated words, and only those breaks were repaired in the plan file.
    return [
        Word(written=w, folded=fold(w)) for w in WORD.findall(unicodedata.normalize("NFC", text))
    ]


def read_plan_source(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlanSourceError(f"No source text at {path}.") from error
    except IsADirectoryError as error:
        raise PlanSourceError(f"{path} is a directory, not the source text.") from error
    except UnicodeDecodeError as error:
        raise PlanSourceError(f"{path} is not UTF-8 text: {error}") from error
    except OSError as error:
        raise PlanSourceError(f"Cannot read {path}: {error.strerror or error}") from error


def read_plan(path: Path = ACTION_PLAN_FILE) -> dict:
    try:
        data = load_action_plan(Path(path))
    except ActionPlanError as error:
        raise PlanSourceError(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        raise PlanSourceError(f"{path} has no list of 'areas'.")
    return data


def parse_plan_source(text: str) -> PlanSource:
    source = PlanSource()
    starts = sorted(
        [(m.start(), m.end(), "area", m.group(1)) for m in AREA_HEADING.finditer(text)]
        + [(m.start(), m.end(), "measure", m.group(1)) for m in MEASURE_NUMBER.finditer(text)]
    )
    for position, (_, body_start, kind, number) in enumerate(starts):
        body_end = starts[position + 1][0] if position + 1 < len(starts) else len(text)
        row = words(text[body_start:body_end])
        rows = source.areas if kind == "area" else source.measures
        key = int(number) if kind == "area" else number
        if key in rows:
            source.numbered_twice.append(f"{kind} {number}")
            continue
        rows[key] = row
    return source


# A page break cuts a measure's row at most once, so its title and indicator come in at most
# two pieces; an area's heading spans the table's width above its rows and is never cut.
MEASURE_PIECES = 2
AREA_PIECES = 1


def _pieces(expected: list[Word], row: list[Word]) -> tuple[list[tuple[int, int]], int | None]:
    """Cover the expected words, in order, with the longest runs of the row that read alike.

    Returns the pieces as (start in expected, length) and the index of the first expected word
    that the rest of the row does not have (None when every word was found).
    """
    wanted = [w.folded for w in expected]
    folded_row = [w.folded for w in row]
    pieces: list[tuple[int, int]] = []
    index = row_position = 0
    while index < len(wanted):
        best_length, best_start = 0, row_position
        for start in range(row_position, len(folded_row)):
            length = 0
            while (
                index + length < len(wanted)
                and start + length < len(folded_row)
                and folded_row[start + length] == wanted[index + length]
            ):
                length += 1
            if length > best_length:
                best_length, best_start = length, start
        if best_length == 0:
            return pieces, index
        pieces.append((index, best_length))
        index += best_length
        row_position = best_start + best_length
    return pieces, None


def _quote(expected: list[Word], start: int, end: int) -> str:
    return "“" + " ".join(w.written for w in expected[max(0, start) : end]) + "”"


def _check_words(
    where: str, label: str, text: str | None, row: list[Word], *, max_pieces: int
) -> list[Mismatch]:
    if text is None:
        return [Mismatch(where, label, "the plan file gives no Azerbaijani text")]
    expected = words(text)
    pieces, missing = _pieces(expected, row)
    if missing is not None:
        after = f" after {_quote(expected, missing - 3, missing)}" if missing else ""
        problem = (
            f"“{expected[missing].written}” (word {missing + 1} of {len(expected)}){after} "
            "is not in the source's row in this order"
        )
        return [Mismatch(where, label, problem)]
    if len(pieces) <= max_pieces:
        return []
    breaks = ", ".join(
        f"{_quote(expected, start - 2, start)} | {_quote(expected, start, start + 2)}"
        for start, _ in pieces[1:]
    )
    problem = (
        f"the source's words are there but not in one run (the source breaks between {breaks}); "
        f"at most {max_pieces - 1} break may be a page break"
        if max_pieces > 1
        else f"the source's words are there but not word for word (breaks between {breaks})"
    )
    return [Mismatch(where, label, problem)]


def _az_text(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if isinstance(value, dict) and isinstance(value.get("az"), str) and value["az"].strip():
        return value["az"]
    return None


def check_plan_against_source(
    plan: dict, source: PlanSource, *, progress: Callable[[str], None] | None = None
) -> list[Mismatch]:
    """Every area and measure of the source is in the plan and the other way round; each
    Azerbaijani title and indicator uses the source's words in the source's order."""
    mismatches = [
        Mismatch(where, "source", "is numbered twice in the source; the first one is compared")
        for where in source.numbered_twice
    ]
    seen_areas: set[int] = set()
    seen_measures: set[str] = set()
    for area in plan["areas"]:
        if not isinstance(area, dict):
            mismatches.append(Mismatch("an area", "plan", "is not a mapping of its fields"))
            continue
        number = area.get("number")
        where = f"area {number}"
        found: list[Mismatch] = []
        seen_areas.add(number)
        heading = source.areas.get(number)
        if heading is None:
            found.append(Mismatch(where, "plan", "the source has no area with this number"))
        else:
            found += _check_words(
                where, "title (az)", _az_text(area, "title"), heading, max_pieces=AREA_PIECES
            )
        measures = area.get("measures") if isinstance(area.get("measures"), list) else []
        for entry in measures:
            code = str(entry.get("code")) if isinstance(entry, dict) else "?"
            seen_measures.add(code)
            row = source.measures.get(code)
            if row is None:
                found.append(
                    Mismatch(f"measure {code}", "plan", "the source has no measure with this code")
                )
                continue
            for key in ("title", "indicator"):
                found += _check_words(
                    f"measure {code}",
                    f"{key} (az)",
                    _az_text(entry, key),
                    row,
                    max_pieces=MEASURE_PIECES,
                )
        if progress:
            verdict = "ok" if not found else f"{len(found)} to correct"
            progress(f"area {number}: {len(measures)} measures checked, {verdict}")
        mismatches += found

    for number in sorted(set(source.areas) - seen_areas):
        mismatches.append(Mismatch(f"area {number}", "source", "is missing from the plan file"))
    for code in sorted(set(source.measures) - seen_measures, key=_code_order):
        mismatches.append(Mismatch(f"measure {code}", "source", "is missing from the plan file"))
    return mismatches


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))
