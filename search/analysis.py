"""The one text analysis of the platform's search, used for indexing and for queries alike, by
the Elasticsearch backend and the database backend.

The Elasticsearch the project must run on has its core modules only (no folding, no stemmers,
no language analyzers), so words are analysed here and the engines receive finished tokens,
separated by spaces, which they only split. Each token keeps where it stands in the original
text, so highlights are drawn on what the author wrote, never on the folded form.

Every word gives two kinds of key:
- `exact`: lower-cased as its language does it and folded to plain Latin letters, so that
  `seffafliq` finds `şəffaflıq`;
- `stems`: the exact key with its inflection removed, so that `büdcənin` finds `büdcə`
  (usually one; two where an Azerbaijani ending can be read two ways).
A document holds both; a match on the exact key ranks above a match on the stem alone.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

AZERBAIJANI = "az"
ENGLISH = "en"
RUSSIAN = "ru"

# A word: letters and digits with the combining marks that may follow them in text typed in a
# decomposed form; a number keeps its inner dot or comma ("5.5", "2,5") so a measure's code is
# one token.
WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_][\w\u0300-\u036f]*", re.UNICODE)

# Letters that lose their Azerbaijani (or other) mark. Anything else that decomposes into a
# base letter and combining marks loses the marks (é → e).
FOLDING = str.maketrans(
    {
        "ə": "e",
        "ı": "i",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "ö": "o",
        "ü": "u",
        "ё": "е",
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ł": "l",
    }
)
# Letters whose mark makes another letter that Russian never writes without it.
KEEP_MARKS = frozenset("й")


def lower(text: str, language: str = AZERBAIJANI) -> str:
    """Lower case as the language writes it: in Azerbaijani "I" is the capital of "ı" and "İ"
    of "i" (Python's lower() turns "İ" into two characters, "i" and a combining dot)."""
    if language == AZERBAIJANI:
        text = text.replace("I", "ı").replace("İ", "i")
    else:
        text = text.replace("İ", "i")
    return text.lower()


def fold(word: str) -> str:
    """A lower-cased word in plain letters: ə→e, ş→s, ç→c, ğ→g, ı→i, ö→o, ü→u, é→e, ё→е."""
    # Composed first, so that "s" followed by a combining cedilla is the "ş" it stands for.
    word = unicodedata.normalize("NFC", word).translate(FOLDING)
    if word.isascii():
        return word
    return "".join(char if char in KEEP_MARKS else _without_marks(char) for char in word)


def _without_marks(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


# --- Azerbaijani suffixes ---------------------------------------------------------------------
#
# Stripped from the folded word, the form both a document and a query typed without
# Azerbaijani letters reach: after folding, "ı" and "i" are one letter, and so are "u" and "ü".
# Nouns take plural, then possessive, then case: şura-lar-ın, büdcə-si-nin. The stripper
# removes one ending at a time from the end, the longest that fits (but see `_reduce` for a
# buffer consonant that may be the root's own), until none fits; a bare
# word is reduced the same way as its inflected forms (şura → şur, şurası → şura → şur), so
# every form of a word reaches the same key.
#
# An ending fits only if
# - the vowel harmony allows it after the stem's last vowel: a two-form ending (-da/-də) takes
#   "a" after a back vowel and "ə" after a front one; a four-form ending (-ın/-in/-un/-ün)
#   takes "ı"/"i" after an unrounded vowel and "u"/"ü" after a rounded one (folding keeps "a"
#   back, "e" front and o/u rounded, so these are the checks that still hold);
# - its buffer consonant agrees with the stem: -nın, -sı, -ya, -nı follow a vowel; -ın, -ı, -a
#   follow a consonant;
# - at least MIN_STEM letters, one of them a vowel, remain.
# So "qanun" keeps its "-un" (after "a" the genitive is "-ın": "qanın"), "kitabə" keeps its
# "ə", and "ana" is not cut to "an".

MIN_STEM = 3
VOWELS = frozenset("aeiou")
# ending -> (vowel class, what the stem must end in)
#   vowel class: "a" two-form (a/e), "i" four-form (i/u), None without a harmonic vowel
#   stem end: "vowel", "consonant" or None (either)
_AFTER_VOWEL, _AFTER_CONSONANT, _EITHER = "vowel", "consonant", None
ENDINGS: dict[str, tuple[str | None, str | None]] = {}


def _endings(forms: str, vowel_class: str | None, stem_end: str | None) -> None:
    for form in forms.split():
        ENDINGS[form] = (vowel_class, stem_end)


# plural
_endings("lar ler", "a", _EITHER)
# possessive of the third person: -ı/-i/-u/-ü after a consonant, -sı/-si/-su/-sü after a vowel
_endings("i u", "i", _AFTER_CONSONANT)
_endings("si su", "i", _AFTER_VOWEL)
# genitive
_endings("in un", "i", _AFTER_CONSONANT)
_endings("nin nun", "i", _AFTER_VOWEL)
# dative
_endings("a e", "a", _AFTER_CONSONANT)
_endings("ya ye", "a", _AFTER_VOWEL)
# locative and ablative
_endings("da de dan den", "a", _EITHER)
# accusative (after a consonant it is the possessive's -ı/-i, above)
_endings("ni nu", "i", _AFTER_VOWEL)
# the cases after a possessive: şurası-na, şurası-nda, şurası-ndan
_endings("na ne nda nde ndan nden", "a", _AFTER_VOWEL)

ENDINGS_LONGEST_FIRST = sorted(ENDINGS, key=len, reverse=True)


def _last_vowel(stem: str) -> str | None:
    for char in reversed(stem):
        if char in VOWELS:
            return char
    return None


def _harmonises(stem: str, ending: str, vowel_class: str | None) -> bool:
    if vowel_class is None:
        return True
    last = _last_vowel(stem)
    vowel = next(char for char in ending if char in VOWELS)
    if vowel_class == "a":
        # "a" after a back vowel, "e" after a front one; i, o, u may have been either.
        return not ((vowel == "a" and last == "e") or (vowel == "e" and last == "a"))
    # four-form: unrounded after unrounded (a, e, i), rounded after rounded (o, u)
    return (vowel == "u") == (last in ("o", "u"))


def _fits(word: str, ending: str) -> bool:
    stem = word[: -len(ending)]
    if len(stem) < MIN_STEM or _last_vowel(stem) is None:
        return False
    vowel_class, stem_end = ENDINGS[ending]
    if stem_end == _AFTER_VOWEL and stem[-1] not in VOWELS:
        return False
    if stem_end == _AFTER_CONSONANT and stem[-1] in VOWELS:
        return False
    return _harmonises(stem, ending, vowel_class)


@lru_cache(maxsize=65536)
def _reduce(word: str) -> frozenset[str]:
    ending = next((e for e in ENDINGS_LONGEST_FIRST if word.endswith(e) and _fits(word, e)), None)
    if ending is None:
        return frozenset({word})
    keys = _reduce(word[: -len(ending)])
    shorter = ending[1:]
    if ENDINGS[ending][1] == _AFTER_VOWEL and shorter in ENDINGS and _fits(word, shorter):
        # "şuranın" is şura-nın, but "planın" is plan-ın: whether the consonant before the
        # ending is a buffer or the root's own letter, only a dictionary could tell. The word
        # keeps both keys, so it meets the bare word either way.
        keys |= _reduce(word[: -len(shorter)])
    return keys


def _hard_consonant(key: str) -> str:
    """The root's final consonant as the bare word writes it. Before a vowel a final "q"
    becomes "ğ" (ayaq, ayağı; şəffaflıq, şəffaflığı) and, in a word of more than one syllable,
    a final "k" becomes "y" (öhdəlik, öhdəliyi; çörək, çörəyi). Every key is turned back the
    same way, bare or stripped, so öhdəlik and öhdəliyin meet at "ohdelik" and a word that
    does end in "y" (alay, alayı) reaches one key in all its forms. A one-syllable word keeps its
    "y" (çay, çayı are not "çak"; toy is not tok): its "k" does not alternate."""
    if key.endswith("g"):
        return key[:-1] + "q"
    if (
        len(key) > 2
        and key.endswith("y")
        and key[-2] in VOWELS
        and sum(char in VOWELS for char in key) > 1
    ):
        return key[:-1] + "k"
    return key


def azerbaijani_stems(folded: str) -> tuple[str, ...]:
    """The keys a folded Azerbaijani word shares with its other inflected forms: one, or two
    where an ending can be read two ways."""
    if not folded.isalpha():
        return (folded,)
    return tuple(sorted({_hard_consonant(key) for key in _reduce(folded)}))


# --- English and Russian ----------------------------------------------------------------------

_SNOWBALL = {ENGLISH: "english", RUSSIAN: "russian"}


@lru_cache(maxsize=4)
def _snowball(language: str):
    return snowballstemmer.stemmer(_SNOWBALL[language])


@lru_cache(maxsize=65536)
def _snowball_stems(language: str, folded: str) -> tuple[str, ...]:
    if not folded.isalpha():
        return (folded,)
    return (_snowball(language).stemWord(folded),)


def stems(folded: str, language: str) -> tuple[str, ...]:
    if language in _SNOWBALL:
        return _snowball_stems(language, folded)
    return azerbaijani_stems(folded)


# --- Tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    exact: str
    stems: tuple[str, ...]  # usually one
    start: int  # where the word stands in the original text
    end: int


@lru_cache(maxsize=131072)
def _word_keys(word: str, language: str) -> tuple[str, tuple[str, ...]]:
    """A word's exact key and stems. Texts repeat their words, so indexing a hundred
    thousand documents works each distinct word out once rather than at every occurrence."""
    exact = fold(lower(word, language))
    return exact, (stems(exact, language) if exact else ())


def analyse(text: str, language: str = AZERBAIJANI) -> list[Token]:
    """The words of a text with their keys and their places in the original text."""
    tokens = []
    for match in WORD.finditer(text or ""):
        exact, word_stems = _word_keys(match.group(), language)
        if exact:
            tokens.append(Token(exact, word_stems, match.start(), match.end()))
    return tokens


def terms(text: str, language: str = AZERBAIJANI) -> tuple[str, str]:
    """`exact_terms` and `stem_terms` of a text in one pass, without the positions only a
    highlight needs: what indexing stores."""
    exact_keys: list[str] = []
    stem_keys: list[str] = []
    for word in WORD.findall(text or ""):
        exact, word_stems = _word_keys(word, language)
        if exact:
            exact_keys.append(exact)
            stem_keys.extend(word_stems)
    return " ".join(exact_keys), " ".join(stem_keys)


def exact_terms(text: str, language: str = AZERBAIJANI) -> str:
    """The exact keys of a text, separated by spaces, as the engines store them."""
    return terms(text, language)[0]


def stem_terms(text: str, language: str = AZERBAIJANI) -> str:
    """The stems of a text, separated by spaces; a word with two keys gives both."""
    return terms(text, language)[1]


def matching_spans(text: str, query_tokens, language: str = AZERBAIJANI) -> list[tuple[int, int]]:
    """Where, in the original text, the words matching the query's tokens stand (by exact key
    or by stem); the spans a highlight marks."""
    exact = {token.exact for token in query_tokens}
    query_stems = {stem for token in query_tokens for stem in token.stems}
    return [
        (token.start, token.end)
        for token in analyse(text, language)
        if token.exact in exact or query_stems.intersection(token.stems)
    ]
