import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import WizardPage

pytestmark = pytest.mark.django_db

NEW_NGO_WITH_FOREIGN_GRANT = (
    "org_kind=public_union&founders=with_foreigner&online=yes&grant=foreign_donor"
)


def _checklist(html: str) -> list[str]:
    return [unescape(title) for title in re.findall(r'class="checklist__title">([^<]+)<', html)]


def _get(client, lang: str, query: str):
    return client.get(f"/{lang}/guidance/what-do-i-need/checklist/?{query}")


def test_the_rules_give_each_situation_its_own_checklist(client, demo_guidance):
    response = _get(client, "en", NEW_NGO_WITH_FOREIGN_GRANT)
    assert response.status_code == 200
    assert _checklist(response.content.decode()) == [
        "The charter and the minutes of the founding meeting",
        "Application for state registration to the Ministry of Justice",
        "Notarised translation of the foreign founder's passport",
        "An electronic signature (such as ASAN İmza)",
        "Registration of the grant agreement with the Ministry of Justice",
        "Confirmation that the foreign donor may give grants in Azerbaijan",
    ]

    local_grant = _get(
        client, "en", "org_kind=registered&founders=with_legal_entity&online=no&grant=local_donor"
    )
    assert _checklist(local_grant.content.decode()) == [
        "Registration of the grant agreement with the Ministry of Justice"
    ]

    nothing = _get(client, "en", "org_kind=registered&founders=citizens&online=no&grant=none")
    assert _checklist(nothing.content.decode()) == []
    assert "Nothing in particular is needed for these answers." in nothing.content.decode()


def test_checklist_items_link_to_the_step_of_the_guide_in_the_visitors_language(
    client, demo_guidance
):
    html = _get(client, "ru", NEW_NGO_WITH_FOREIGN_GRANT).content.decode()
    assert 'href="/ru/guidance/ngo-registration/#step-1"' in html
    assert 'href="/ru/guidance/grant-agreement-registration/#step-2"' in html
    guide = client.get("/ru/guidance/grant-agreement-registration/").content.decode()
    assert 'id="step-2"' in guide
    assert "Зарегистрируйте договор в Министерстве юстиции" in guide


def test_the_answers_chosen_in_one_language_give_the_same_checklist_in_the_others(
    client, demo_guidance
):
    # The visitor fills in the form in Azerbaijani: its radio buttons' names and values.
    form = client.get("/az/guidance/what-do-i-need/").content.decode()
    action = re.search(r'<form class="wizard" method="get" action="([^"]+)"', form).group(1)
    assert action == "/az/guidance/what-do-i-need/checklist/"
    options = re.findall(r'type="radio" name="(\w+)" value="(\w+)"', form)
    assert ("org_kind", "foundation") in options and ("grant", "foreign_donor") in options
    query = "org_kind=foundation&founders=citizens&online=yes&grant=foreign_donor"

    checklists = {
        lang: _checklist(_get(client, lang, query).content.decode()) for lang in ("az", "en", "ru")
    }
    assert checklists["en"] == [
        "The charter and the minutes of the founding meeting",
        "Application for state registration to the Ministry of Justice",
        "An electronic signature (such as ASAN İmza)",
        "Registration of the grant agreement with the Ministry of Justice",
        "Confirmation that the foreign donor may give grants in Azerbaijan",
    ]
    assert checklists["az"][0] == "Nizamnamə və təsis yığıncağının protokolu"
    assert checklists["ru"][0] == "Устав и протокол учредительного собрания"
    assert len(checklists["az"]) == len(checklists["ru"]) == len(checklists["en"])

    # The language switcher of the shared checklist keeps the answers.
    html = _get(client, "az", query).content.decode()
    assert f'href="/ru/guidance/what-do-i-need/checklist/?{query.replace("&", "&amp;")}"' in html


def test_an_answer_that_is_not_an_option_asks_the_questions_again_and_keeps_the_others(
    client, demo_guidance
):
    response = _get(client, "en", "org_kind=charity&founders=citizens&online=yes")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers in this address cannot be used." in html
    assert "is not one of the answers to this question" in html  # org_kind=charity
    assert "Choose one of the answers to this question." in html  # grant is missing
    assert re.search(r'name="founders" value="citizens" id="[^"]+" checked', html)
    assert re.search(r'name="online" value="yes" id="[^"]+" checked', html)
    assert _checklist(html) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "org_kind=",
        "org_kind=public_union&founders=citizens&online=yes&grant=" + "x" * 5000,
        "org_kind=%C0%AF&founders=citizens&online=yes&grant=none",
        "org_kind[]=public_union",
    ],
)
def test_nonsense_in_the_address_is_a_clear_400_never_an_error_page(client, demo_guidance, query):
    response = _get(client, "az", query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_showing_a_checklist_writes_nothing_to_the_database(client, demo_guidance):
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, "en", NEW_NGO_WITH_FOREIGN_GRANT).status_code == 200
        assert _get(client, "en", "org_kind=nonsense").status_code == 400
        assert client.get("/en/guidance/what-do-i-need/").status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_anonymous_visitors_get_the_cached_checklist_of_their_own_answers(
    client, settings, demo_guidance
):
    settings.PAGE_CACHE_SECONDS = 300
    foreign = _get(client, "en", NEW_NGO_WITH_FOREIGN_GRANT)
    again = _get(client, "en", NEW_NGO_WITH_FOREIGN_GRANT)
    assert again["X-Page-Cache"] == "hit"
    assert _checklist(again.content.decode()) == _checklist(foreign.content.decode())
    other = _get(client, "en", "org_kind=registered&founders=citizens&online=no&grant=local_donor")
    assert other.get("X-Page-Cache") != "hit"
    assert _checklist(other.content.decode()) == [
        "Registration of the grant agreement with the Ministry of Justice"
    ]


def _rule(question: str, answer: str) -> list[dict]:
    item = {"title": "Ərizə", "description": "", "guide": None, "step_number": None}
    conditions = [{"question": question, "answers": [answer]}]
    return [{"type": "rule", "value": {"conditions": conditions, "items": [item]}}]


def test_editors_cannot_save_a_rule_about_a_question_or_answer_that_does_not_exist(
    demo_guidance,
):
    wizard = WizardPage.objects.get(locale__language_code="az")
    wizard.full_clean()
    wizard.rules = _rule("org_kind", "charity")
    with pytest.raises(ValidationError, match="no answer “charity”"):
        wizard.full_clean()
    wizard.rules = _rule("founder_count", "two")
    with pytest.raises(ValidationError, match="No question has the name “founder_count”"):
        wizard.full_clean()
    wizard.rules = _rule("grant", "foreign_donor")
    wizard.full_clean()
