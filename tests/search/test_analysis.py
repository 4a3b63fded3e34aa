"""The one analysis of words both engines use: Azerbaijani lower case, folding, suffixes, and
the way back from a matched word to where it stands in the original text."""

import pytest

from search.analysis import analyse, exact_terms, fold, lower, matching_spans

# Each group: forms of one word that must share a key.
SAME_WORD = [
    ("büdcə", ["büdcənin", "büdcəsi", "büdcələr", "büdcəyə", "büdcədə", "büdcəsinin", "BÜDCƏ"]),
    ("şura", ["şuraların", "şurası", "şuranın", "şuraya", "şuralarda", "şurasına", "Şuranın"]),
    ("xətt", ["xətti", "xəttin", "xəttə"]),
    ("şəffaflıq", ["şəffaflığın", "şəffaflığı", "ŞƏFFAFLIQ"]),
    ("dövlət", ["dövlətin", "dövlətə", "dövlətlər", "dövlətlərin"]),
    ("bələdiyyə", ["bələdiyyələr", "bələdiyyəsi", "bələdiyyələrin", "bələdiyyədən"]),
    ("qanun", ["qanunun", "qanunu", "qanunlar", "qanuna", "qanunda", "qanunları"]),
    ("plan", ["planın", "planı", "planında", "planlar", "plana"]),
    ("orqan", ["orqanın", "orqanları", "orqanda", "orqanı"]),
    ("zaman", ["zamanı", "zamanın"]),
    ("strategiya", ["strategiyanın", "strategiyası", "strategiyaya", "strategiyalar"]),
    ("kitab", ["kitabı", "kitabın", "kitablar", "kitaba"]),
    # a final k or q turns into y or ğ before a vowel
    ("öhdəlik", ["öhdəliyi", "öhdəliyin", "öhdəliyə", "öhdəliklər", "öhdəlikdə", "ohdeliyi"]),
    ("ayaq", ["ayağı", "ayağın", "ayağa", "ayaqlar", "ayaqda", "ayagi"]),
    ("çörək", ["çörəyi", "çörəyin", "çörəklər", "coreyi"]),
    ("nazirlik", ["nazirliyi", "nazirliyin", "nazirliklər"]),
    ("alay", ["alayı", "alayın", "alaylar"]),
    ("çay", ["çayı", "çayın", "çaylar"]),
]

# Pairs that look alike but are different words, and must keep different keys.
DIFFERENT_WORDS = [
    ("qanun", "qan"),  # law, blood: after "a" the genitive is "-ın", so "-un" is the root's
    ("qanuni", "qanun"),  # lawful is not the law's: after "u" the possessive is "-u"
    ("kitabə", "kitab"),  # inscription, book: after "a" the dative is "-a", not "-ə"
    ("ana", "an"),  # mother, moment: too little would be left
    ("nazirlik", "nazir"),  # ministry, minister: derivation is not inflection
    ("ictimai", "ictima"),  # public, assembly: "-i" follows a consonant, not a vowel
    ("büdcə", "bud"),
    ("plan", "pla"),
    ("qala", "qan"),
    ("çay", "çək"),  # tea, pull: a one-syllable word keeps its y
    ("toy", "tok"),  # wedding, current
    ("öhdəlik", "öhdə"),  # obligation, charge: "-lik" is derivation
]

# Typed without Azerbaijani letters -> written with them.
PLAIN_LETTERS = [
    ("seffafliq", "şəffaflıq"),
    ("budce", "büdcə"),
    ("sura", "şura"),
    ("xett", "xətt"),
    ("ictimai surasi", "İctimai şurası"),
    ("iqtisadiyyat", "İqtisadiyyat"),
    ("iqtisadiyyat", "IQTISADIYYAT"),
]


def stems_of(word: str, language: str = "az") -> set[str]:
    (token,) = analyse(word, language)
    return set(token.stems)


@pytest.mark.parametrize(("word", "forms"), SAME_WORD, ids=[w for w, _ in SAME_WORD])
def test_every_inflected_form_shares_the_key_of_its_word(word, forms):
    assert [form for form in forms if not stems_of(word) & stems_of(form)] == []


def test_no_two_words_of_the_table_share_a_key():
    keys_of_word = {
        word: set().union(*(stems_of(form) for form in [word, *forms])) for word, forms in SAME_WORD
    }
    shared = [
        (one, other, keys_of_word[one] & keys_of_word[other])
        for one in keys_of_word
        for other in keys_of_word
        if one < other and keys_of_word[one] & keys_of_word[other]
    ]
    assert shared == []


@pytest.mark.parametrize(("one", "other"), DIFFERENT_WORDS, ids=[a for a, _ in DIFFERENT_WORDS])
def test_words_that_only_look_alike_keep_different_keys(one, other):
    assert not stems_of(one) & stems_of(other)


@pytest.mark.parametrize(("typed", "written"), PLAIN_LETTERS)
def test_a_word_typed_without_azerbaijani_letters_has_the_exact_key_of_the_written_one(
    typed, written
):
    assert exact_terms(typed) == exact_terms(written)


def test_azerbaijani_lower_case_treats_dotless_and_dotted_i_as_two_letters():
    assert lower("IŞIQ İŞIQ") == "ışıq işıq"
    # Python's own lower() turns İ into two characters; the analysis keeps one.
    assert len(lower("İctimai")) == len("İctimai")
    assert fold("ışıq") == "isiq"


def test_the_exact_spelling_and_its_inflection_differ_in_the_exact_key_only():
    (plain,) = analyse("büdcə")
    (inflected,) = analyse("büdcənin")
    assert plain.exact != inflected.exact
    assert set(plain.stems) <= set(inflected.stems)


def test_matched_words_map_back_to_the_original_text_not_to_the_folded_one():
    text = "İctimai ŞURALARIN iclası, büdcəsinin müzakirəsi"
    query = analyse("sura budce")
    spans = matching_spans(text, query)
    assert [text[start:end] for start, end in spans] == ["ŞURALARIN", "büdcəsinin"]


def test_decomposed_letters_stay_inside_their_word_and_keep_its_span():
    text = "s\u0327ura\u0307 x"  # ş and a stray dot typed as combining marks
    (word, _) = analyse(text)
    assert word.exact == "sura"
    assert text[word.start : word.end] == "s\u0327ura\u0307"


def test_a_measure_code_is_one_token():
    assert [token.exact for token in analyse("Tədbir 5.5 və 2,5 faiz")] == [
        "tedbir",
        "5.5",
        "ve",
        "2,5",
        "faiz",
    ]


def test_english_and_russian_words_are_stemmed_for_their_own_language():
    assert stems_of("budgets", "en") == stems_of("budget", "en") == stems_of("Budgeting", "en")
    assert stems_of("бюджета", "ru") == stems_of("Бюджет", "ru")
    assert stems_of("советов", "ru") == stems_of("совет", "ru")
    # ё is written as е as often as not
    assert analyse("Ёлка", "ru")[0].exact == analyse("елка", "ru")[0].exact
