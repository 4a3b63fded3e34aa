"""What a visitor reads on a consultation's page and in the list of consultations."""

import re

import pytest
from django.utils import translation

from consultations.choices import ConsultationKind, SectionKind
from consultations.models import ConsultationSection, SectionTally
from tests.consultations.helpers_cpages import budget_lines, make_consultation, translate

pytestmark = pytest.mark.django_db


def _html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days", "status_line"),
    [
        (-1, 10, "Open for comments until"),
        (3, 10, "Opens on"),
        (-10, -1, "Closed on"),
    ],
)
def test_the_page_says_plainly_whether_comments_are_accepted(
    client, site_structure, opens_in_days, closes_in_days, status_line
):
    page = make_consultation(
        slug="layihe", opens_in_days=opens_in_days, closes_in_days=closes_in_days
    )
    en_page = translate(page, "en", "Draft")
    html = _html(client, en_page.url)
    assert status_line in _text(html)


def test_a_budget_is_an_accessible_table_with_changes_totals_and_comment_links(
    client, site_structure
):
    lines = budget_lines(2)
    lines[1].previous_amount = None
    page = make_consultation(slug="budce", sections=lines)
    first, second = page.sections.order_by("sort_order")
    SectionTally.objects.create(
        consultation=page, section_key=first.translation_key, comment_count=4
    )
    english = translate(page, "en", "Draft budget")
    html = _html(client, english.url)

    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption" in table and "Budget lines for 2027, manat" in table
    assert table.count('<th scope="col"') == 6
    assert '<th scope="row">Xərc maddəsi 0</th>' in table
    assert "1,000.00" in table and "900.00" in table and "+100.00" in table
    # A line without last year's amount has no change, and the totals then have none either.
    assert "Total" in table
    assert "4 comments" in _text(table) and "0 comments" in _text(table)
    # The translation's links name the section by its key, the same as the source page's.
    assert f'href="?section={first.translation_key}#comment-form"' in table
    assert f'href="?section={second.translation_key}#comment-form"' in table
    # A wide table scrolls inside a focusable region of its own, not the page.
    assert re.search(r'class="table-scroll" role="region" aria-labelledby="budget-caption"', html)
    assert 'id="discussion"' in html


def test_a_budget_adds_up_its_lines_and_their_change(client, site_structure):
    page = make_consultation(slug="budce", sections=budget_lines(3))
    html = _html(client, translate(page, "en", "Draft budget").url)
    footer = _text(html[html.index("<tfoot") : html.index("</tfoot>")])
    assert "Total 3,003.00 2,703.00 +300.00" in footer


def test_a_draft_act_nests_articles_in_chapters_and_paragraphs_in_articles(client, site_structure):
    sections = [
        ConsultationSection(kind=SectionKind.ARTICLE, number="Maddə 0", title="Giriş"),
        ConsultationSection(kind=SectionKind.CHAPTER, number="1-ci fəsil", title="Ümumi"),
        ConsultationSection(kind=SectionKind.ARTICLE, number="Maddə 1", title="Məqsəd"),
        ConsultationSection(
            kind=SectionKind.PARAGRAPH, number="1.1.", title="Bənd", text="Qanunun məqsədi."
        ),
        ConsultationSection(kind=SectionKind.CHAPTER, number="2-ci fəsil", title="Son"),
        ConsultationSection(kind=SectionKind.PARAGRAPH, number="2.1.", title="Bənd", text="Son."),
    ]
    page = make_consultation(slug="qanun", kind=ConsultationKind.DRAFT_ACT, sections=sections)
    html = _html(client, page.url)
    levels = re.findall(r'class="draft-part draft-part--level-(\d)" id="section-', html)
    assert levels == ["1", "1", "2", "3", "1", "2"]
    assert '<h3><span class="draft-part__number">1-ci fəsil</span> Ümumi</h3>' in html
    assert '<h4><span class="draft-part__number">Maddə 1</span> Məqsəd</h4>' in html
    assert "Qanunun məqsədi." in html
    assert "<table" not in html


def test_the_index_lists_consultations_newest_first_with_their_status(client, site_structure):
    make_consultation("Köhnə", slug="kohne", opens_in_days=-30, closes_in_days=-20)
    make_consultation("Açıq", slug="aciq", opens_in_days=-2, closes_in_days=5)
    make_consultation("Gələcək", slug="gelecek", opens_in_days=3, closes_in_days=9)
    html = _html(client, "/az/consultations/")
    titles = re.findall(r'<a href="/az/consultations/[^"]+/">([^<]+)</a>', html)
    assert titles == ["Gələcək", "Açıq", "Köhnə"]
    html = _html(client, "/az/consultations/?status=open")
    assert re.findall(r'<a href="/az/consultations/[^"]+/">([^<]+)</a>', html) == ["Açıq"]
    html = _html(client, "/az/consultations/?kind=draft-act")
    assert re.findall(r'<a href="/az/consultations/[^"]+/">([^<]+)</a>', html) == []


def test_the_index_ignores_and_names_a_filter_value_it_does_not_understand(client, site_structure):
    make_consultation("Açıq", slug="aciq")
    with translation.override("en"):
        html = _html(client, "/az/consultations/?status=whenever")
    assert "Açıq" in html
    assert 'role="status"' in html


def test_the_index_shows_twenty_consultations_a_page(client, site_structure):
    for n in range(21):
        make_consultation(f"Layihə {n:02d}", slug=f"layihe-{n}", opens_in_days=-n - 1)
    first = _html(client, "/az/consultations/")
    second = _html(client, "/az/consultations/?page=2")
    assert len(re.findall(r'class="consultation-list__item"', first)) == 20
    assert re.findall(r'<a href="/az/consultations/[^"]+/">([^<]+)</a>', second) == ["Layihə 20"]
