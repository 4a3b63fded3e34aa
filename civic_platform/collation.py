"""Sorting words the way readers of each language expect.

Python compares code points, which puts Azerbaijani ç, ə, ğ, ı, ö, ş, ü after z and Russian ё
after я. A full collation library (ICU) would need a system library the project does not
otherwise install; for the three languages the site speaks, this table is enough.
"""

import unicodedata

AZERBAIJANI_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
ENGLISH_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Russian dictionaries file ё under е; Latin words (abbreviations, names) come before Cyrillic.
RUSSIAN_ALPHABET = ENGLISH_ALPHABET + "абвгдежзийклмнопрстуфхцчшщъыьэюя"
RUSSIAN_EQUIVALENTS = {"ё": "е"}

_ALPHABETS = {"az": AZERBAIJANI_ALPHABET, "en": ENGLISH_ALPHABET, "ru": RUSSIAN_ALPHABET}
_EQUIVALENTS = {"ru": RUSSIAN_EQUIVALENTS}
# Azerbaijani has two i's: dotless I/ı and dotted İ/i; Python's lower() knows only English.
_AZERBAIJANI_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def _lower(text: str, language: str) -> str:
    if language == "az":
        text = text.translate(_AZERBAIJANI_LOWER)
    return unicodedata.normalize("NFC", text.lower())


def collation_key(text: str, language: str) -> tuple:
    """A sort key for `text` in the order of `language`'s alphabet ("az", "en" or "ru").

    Letters of the alphabet come in its order, after spaces and digits; letters from outside
    it follow in code-point order. Punctuation is passed over (“ASAN” files under A), and case
    decides only between otherwise equal words.
    """
    alphabet = _ALPHABETS.get(language, ENGLISH_ALPHABET)
    equivalents = _EQUIVALENTS.get(language, {})
    primary = []
    for char in _lower(text, language):
        char = equivalents.get(char, char)
        position = alphabet.find(char)
        if position >= 0:
            primary.append((2, position))
        elif char.isalpha():
            primary.append((3, ord(char)))
        elif char.isdigit():
            primary.append((1, ord(char)))
        elif not unicodedata.category(char).startswith("P"):
            primary.append((0, ord(char)))
    return (tuple(primary), text)
