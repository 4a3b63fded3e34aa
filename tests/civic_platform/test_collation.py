from civic_platform.collation import collation_key


def _sorted(words, language):
    return sorted(words, key=lambda word: collation_key(word, language))


def test_azerbaijani_words_follow_the_azerbaijani_alphabet():
    words = ["zəng", "əmək", "ölkə", "xalq", "ışıq", "iqtisadiyyat", "qanun", "çay", "şura", "ev"]
    assert _sorted(words, "az") == [
        "çay", "ev", "əmək", "xalq", "ışıq", "iqtisadiyyat", "qanun", "ölkə", "şura", "zəng"
    ]  # fmt: skip


def test_azerbaijani_capitals_sort_with_their_own_small_letters():
    assert _sorted(["İqtisadiyyat", "Ictimai", "Hüquq"], "az") == [
        "Hüquq",
        "Ictimai",
        "İqtisadiyyat",
    ]


def test_russian_words_follow_the_cyrillic_alphabet_with_yo_filed_under_ye():
    words = ["Счётная палата", "Ёлка", "Евразия", "Министерство", "ASAN", "Агентство"]
    assert _sorted(words, "ru") == [
        "ASAN", "Агентство", "Евразия", "Ёлка", "Министерство", "Счётная палата"
    ]  # fmt: skip
    assert _sorted(["ель", "ёж", "еда"], "ru") == ["еда", "ёж", "ель"]


def test_english_ignores_case():
    assert _sorted(["ministry", "Agency", "Bar"], "en") == ["Agency", "Bar", "ministry"]


def test_quotation_marks_do_not_decide_the_order():
    assert _sorted(["“ASAN xidmət”", "Auditorlar Palatası", "Agentlik"], "az") == [
        "Agentlik",
        "“ASAN xidmət”",
        "Auditorlar Palatası",
    ]
