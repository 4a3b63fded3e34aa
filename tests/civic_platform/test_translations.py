"""Every interface string reaches a visitor in Azerbaijani, English and Russian.

Run against the catalogues in the repository's `locale/`: an empty or fuzzy entry is a string
shown in the wrong language (compilemessages leaves both out of the .mo file), and a .mo file
older than its .po serves yesterday's wording.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CATALOGUES = [
    pytest.param(path, id=f"{path.parent.parent.name}/{path.name}")
    for language in LANGUAGES
    for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po"))
]
# Enough of each list to act on; the count says how many there are in all.
SHOWN = 15


def _entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def _msgstrs(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _translated_elsewhere(entry: polib.POEntry, language: str) -> bool:
    """Wagtail's and allauth's strings are in the catalogue for Azerbaijani, which they lack
    (civic_platform/admin_strings.py); in a language they ship themselves, their own
    translation is what the visitor sees, so an empty entry of ours hides nothing."""
    with translation.override(language):
        if entry.msgid_plural:
            return all(
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                != (entry.msgid if count == 1 else entry.msgid_plural)
                if entry.msgctxt
                else translation.ngettext(entry.msgid, entry.msgid_plural, count)
                != (entry.msgid if count == 1 else entry.msgid_plural)
                for count in (1, 5)
            )
        if entry.msgctxt:
            return translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
        return translation.gettext(entry.msgid) != entry.msgid


def _summary(problem: str, entries: list[polib.POEntry]) -> str:
    listed = "\n".join(f"  {entry.msgid!r} ({_where(entry)})" for entry in entries[:SHOWN])
    more = f"\n  … and {len(entries) - SHOWN} more" if len(entries) > SHOWN else ""
    return f"{len(entries)} {problem}:\n{listed}{more}"


def _where(entry: polib.POEntry) -> str:
    return ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2]) or "no source"


def test_every_language_has_the_projects_catalogue():
    for language in LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file(), language


@pytest.mark.parametrize("path", CATALOGUES)
def test_no_entry_is_fuzzy(path):
    fuzzy = [entry for entry in _entries(polib.pofile(str(path))) if entry.fuzzy]
    if fuzzy:
        pytest.fail(_summary("fuzzy entries (check the wording, then drop the flag)", fuzzy))


@pytest.mark.parametrize("path", CATALOGUES)
def test_no_entry_is_left_untranslated(path):
    language = path.parent.parent.name
    missing = [
        entry
        for entry in _entries(polib.pofile(str(path)))
        if not all(_msgstrs(entry))
        and (language == "en" or not _translated_elsewhere(entry, language))
    ]
    hint = " (make messages fills English)" if language == "en" else ""
    if missing:
        pytest.fail(_summary(f"untranslated entries in {language}{hint}", missing))


@pytest.mark.parametrize(
    "path", [param for param in CATALOGUES if param.values[0].parent.parent.name == "en"]
)
def test_the_english_catalogue_repeats_its_msgids(path):
    different = [
        entry
        for entry in _entries(polib.pofile(str(path)))
        if all(_msgstrs(entry))
        and _msgstrs(entry)
        != ([entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid])
    ]
    if different:
        pytest.fail(_summary("English entries whose msgstr is not the msgid", different))


@pytest.mark.parametrize("path", CATALOGUES)
def test_the_compiled_catalogue_holds_exactly_what_the_po_file_says(path):
    def messages(entries):
        return {
            (entry.msgctxt, entry.msgid, entry.msgid_plural): tuple(_msgstrs(entry))
            for entry in entries
            if entry.msgid
            and not entry.obsolete
            and "fuzzy" not in entry.flags
            and all(_msgstrs(entry))
        }

    compiled = path.with_suffix(".mo")
    assert compiled.is_file(), f"{compiled.name} is missing: run make messages"
    expected = messages(polib.pofile(str(path)))
    actual = messages(polib.mofile(str(compiled)))
    stale = sorted(
        key[1] for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)
    )
    assert not stale, f"{compiled} differs from its .po in {len(stale)} entries: {stale[:SHOWN]}"


def test_azerbaijani_translations_carry_no_lowercased_capital_i():
    # Python lowercases İ to "i" plus a combining dot (U+0307); text that went through
    # str.lower() shows a stray dot over the i.
    dotted = [
        entry
        for path in sorted((LOCALE / "az" / "LC_MESSAGES").glob("*.po"))
        for entry in _entries(polib.pofile(str(path)))
        if any("\u0307" in text for text in _msgstrs(entry))
    ]
    if dotted:
        pytest.fail(_summary("Azerbaijani entries with a combining dot above", dotted))
