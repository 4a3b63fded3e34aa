"""The consultations' pages and API answer in a number of queries that does not grow with the
number of consultations, sections or counted comments."""

import pytest

from consultations.choices import ConsultationKind, SectionKind
from consultations.models import ConsultationPage, ConsultationSection, SectionTally
from tests.consultations.helpers_cpages import budget_lines, make_consultation, translate

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("/az/consultations/", 14),
    ("/en/consultations/?kind=draft-state-budget&status=open", 14),
    # The page also asks whether its discussion has answers (the outcome report's link) and
    # offers following its source page: a few queries, the same for any amount of data.
    ("/az/consultations/budce-0/", 14),
    ("/en/consultations/budce-0/", 16),
    ("/az/consultations/qanun-0/", 14),
    ("/api/v1/consultations/", 8),
    ("/api/v1/consultations/?lang=en&status=open", 8),
    ("/api/v1/consultations/?format=csv", 8),
    ("/api/v1/consultations/{budget}/", 10),
    ("/api/v1/consultations/{budget}/?lang=en", 10),
]


def _queries(client, path, assert_at_most) -> int:
    """Queries of a render in steady state (what every page shares is warm), within the
    budget; a CSV download is counted to its last row."""
    _read(client, path)
    with assert_at_most as queries:
        response = _read(client, path)
    assert response.status_code == 200, path
    return len(queries)


def _read(client, path):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _act_sections(count: int) -> list[ConsultationSection]:
    sections = []
    for n in range(count):
        sections += [
            ConsultationSection(kind=SectionKind.CHAPTER, number=f"{n}", title=f"Fəsil {n}"),
            ConsultationSection(kind=SectionKind.ARTICLE, number=f"{n}.1", title="Maddə"),
            ConsultationSection(kind=SectionKind.PARAGRAPH, number=f"{n}.1.1", title="Bənd"),
        ]
    return sections


def _consultations(start: int, count: int, sections: int):
    for n in range(start, start + count):
        budget = make_consultation(
            f"Büdcə {n}", slug=f"budce-{n}", sections=budget_lines(sections), measures=["2.2"]
        )
        translate(budget, "en", f"Budget {n}")
        make_consultation(
            f"Qanun {n}",
            slug=f"qanun-{n}",
            kind=ConsultationKind.DRAFT_ACT,
            sections=_act_sections(sections),
            measures=["6.1", "5.6"],
        )


def _more_sections_and_comments(slug: str, count: int):
    page = ConsultationPage.objects.get(slug=slug, locale__language_code="az")
    revision = page.save_revision()
    draft = revision.as_object()
    existing = list(draft.sections.all())
    added = budget_lines(count, start=100) if page.is_budget else _act_sections(count)
    for position, section in enumerate(existing + added):
        section.locale_id = page.locale_id
        section.sort_order = position
    draft.sections = existing + added
    draft.save_revision().publish()
    for section in page.sections.all():
        SectionTally.objects.update_or_create(
            consultation=page, section_key=section.translation_key, defaults={"comment_count": 3}
        )


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_consultation_page_or_list_stays_within_its_query_budget_as_the_data_grows(
    client, settings, site_structure, django_assert_max_num_queries, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    _consultations(0, 1, 2)
    source = ConsultationPage.objects.get(slug="budce-0", locale__language_code="az")
    path = path.format(budget=source.pk)
    before = _queries(client, path, django_assert_max_num_queries(budget))
    _consultations(1, 10, 3)
    _more_sections_and_comments("budce-0", 40)
    _more_sections_and_comments("qanun-0", 15)
    after = _queries(client, path, django_assert_max_num_queries(budget))
    assert after == before, f"{path}: {before} queries became {after} with more data"
