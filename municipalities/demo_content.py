"""The municipalities' demonstration content for `make run` (load_demo_content); never loaded
in production. Three made-up municipalities, marked as demo data (their names say "nümunə",
sample, and `is_demo` shows a badge on their pages), each with an approved budget and an
annual execution for the last two years whose execution is due, except that one published its
latest execution late and one has not published it at all; the first also has its draft budget
for the coming year open for comments in a consultation. The first two have a public council
(made by the councils' own demo loader), so the plan's 7.3 counts two; the third has none.

A municipality whose slug is registered, or a report that exists, is an editor's (or an earlier
run's) and is kept as it is. Reports go through the import and publish services. A municipality
is linked to its demo council only when one of the two is made by this run and the municipality
has no council: a council an editor chose, or removed, stays as they left it.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from civic_platform.organisations.models import Kind, Organisation, Region
from civic_platform.organisations.services import organisation_create
from civic_platform.services import StructureReport
from councils.choices import CouncilKind, MemberRole
from councils.models import CouncilPage
from councils.services import demo_councils_ensure
from municipalities.choices import Stage
from municipalities.deadlines import last_complete_year, legal_deadline
from municipalities.models import BudgetReport, Municipality
from municipalities.selectors import consultation_on_draft
from municipalities.services.consultations import draft_budget_consultation_open
from municipalities.services.registry import (
    municipalities_import,
    municipality_public_council_set,
)
from municipalities.services.reports import budget_report_import, budget_report_publish

REGISTRY_HEADER = (
    "slug,name,region,kind,population,population_year,website,email,phone,address,"
    "name_en,region_en,name_ru,region_ru"
)
MUNICIPALITIES = [
    # slug, az name, az region, kind, population, en name, en region, ru name, ru region
    (
        "numune-yasil-vadi",
        "Yaşıl Vadi bələdiyyəsi (nümunə)",
        "Nümunə rayonu",
        "city",
        42000,
        "Green Valley municipality (sample)",
        "Sample district",
        "Муниципалитет Зелёная Долина (образец)",
        "Образцовый район",
    ),
    (
        "numune-dag-etegi",
        "Dağ Ətəyi bələdiyyəsi (nümunə)",
        "Nümunə rayonu",
        "village",
        3800,
        "Foothill municipality (sample)",
        "Sample district",
        "Муниципалитет Предгорье (образец)",
        "Образцовый район",
    ),
    (
        "numune-cay-sahili",
        "Çay Sahili bələdiyyəsi (nümunə)",
        "Nümunə şəhəri",
        "settlement",
        9100,
        "Riverside municipality (sample)",
        "Sample city",
        "Муниципалитет Берег Реки (образец)",
        "Образцовый город",
    ),
]
# The public councils at the first two (plan 7.1), by the municipality's slug, in the shape of
# the councils' demo file; marked as samples in their names like the municipalities.
GREEN_FOUNDED, HILL_FOUNDED = datetime.date(2023, 2, 10), datetime.date(2024, 5, 6)
COUNCILS = {
    "numune-yasil-vadi": {
        "slug": "numune-yasil-vadi-ictimai-surasi",
        "title": "Yaşıl Vadi bələdiyyəsi yanında İctimai Şura (nümunə)",
        "translations": {
            "en": "Public Council at the Green Valley municipality (sample)",
            "ru": "Общественный совет при муниципалитете Зелёная Долина (образец)",
        },
        "kind": CouncilKind.MUNICIPALITY,
        "municipality_name": "Yaşıl Vadi bələdiyyəsi (nümunə)",
        "founding_act_date": GREEN_FOUNDED,
        "founding_act_number": "3",
        "mandate": (
            "<p>Şura bələdiyyənin büdcə layihəsinin və icrasının ictimai müzakirəsində iştirak "
            "edir (nümunə məlumatı).</p>"
        ),
        "measures": ["7.1"],
        "members": [
            {"name": "Səma Nümunəli", "role": MemberRole.CHAIR, "term_start": GREEN_FOUNDED},
            {"name": "Vüsal Nümunəli", "role": MemberRole.SECRETARY, "term_start": GREEN_FOUNDED},
            {"name": "Lalə Nümunəli", "role": MemberRole.MEMBER, "term_start": GREEN_FOUNDED},
        ],
        "meetings": [
            {
                "slug": "budce-layihesi",
                "title": "Növbəti ilin büdcə layihəsinin müzakirəsi (nümunə)",
                "days_from_now": 10,
                "place": "Bələdiyyə binası, iclas zalı",
                "agenda": [{"title": "Büdcə layihəsi", "presenter": "Səma Nümunəli"}],
            }
        ],
    },
    "numune-dag-etegi": {
        "slug": "numune-dag-etegi-ictimai-surasi",
        "title": "Dağ Ətəyi bələdiyyəsi yanında İctimai Şura (nümunə)",
        "translations": {
            "en": "Public Council at the Foothill municipality (sample)",
            "ru": "Общественный совет при муниципалитете Предгорье (образец)",
        },
        "kind": CouncilKind.MUNICIPALITY,
        "municipality_name": "Dağ Ətəyi bələdiyyəsi (nümunə)",
        "founding_act_date": HILL_FOUNDED,
        "measures": ["7.1"],
        "members": [
            {"name": "Orxan Nümunəli", "role": MemberRole.CHAIR, "term_start": HILL_FOUNDED},
            {"name": "Aysel Nümunəli", "role": MemberRole.SECRETARY, "term_start": HILL_FOUNDED},
        ],
    },
}
# code, name, kind, planned amount per resident (manat); executions run at 80-98 %.
LINES = [
    ("1.1.1", "Fiziki şəxslərdən torpaq vergisi", "revenue", Decimal("4.10")),
    ("1.1.2", "Fiziki şəxslərdən əmlak vergisi", "revenue", Decimal("2.60")),
    (
        "1.2.1",
        "Yerli əhəmiyyətli tikinti materialları üzrə mədən vergisi",
        "revenue",
        Decimal("0.90"),
    ),
    ("2.1", "Küçə reklamının yerləşdirilməsinə görə ödəniş", "revenue", Decimal("1.20")),
    ("3.1", "Dövlət büdcəsindən dotasiya", "revenue", Decimal("6.50")),
    ("01.1", "Bələdiyyə aparatının saxlanılması", "expenditure", Decimal("5.40")),
    ("04.1", "Məktəbəqədər təhsil müəssisələri", "expenditure", Decimal("2.20")),
    ("06.1", "Aztəminatlı ailələrə birdəfəlik yardım", "expenditure", Decimal("1.30")),
    ("07.1", "Mədəniyyət və idman tədbirləri", "expenditure", Decimal("0.80")),
    ("08.1", "Küçələrin işıqlandırılması", "expenditure", Decimal("2.60")),
    ("08.2", "Abadlıq və yaşıllaşdırma", "expenditure", Decimal("1.90")),
    ("12.1", "Yerli yolların təmiri", "expenditure", Decimal("1.10")),
]
DEMO_REPRESENTATIVE = "sample-municipality-representative"
EXECUTION_RATES = [Decimal("0.97"), Decimal("0.91"), Decimal("0.84"), Decimal("0.98")]


def budget_csv(population: int, year: int, stage: str) -> bytes:
    """A plausible budget of a municipality of that size; amounts grow 6 % a year."""
    growth = Decimal("1.06") ** (year - 2020)
    rows = ["code,name,kind,planned,revised,executed"]
    for index, (code, name, kind, per_resident) in enumerate(LINES):
        planned = (per_resident * population * growth).quantize(Decimal("1"))
        executed = ""
        if stage == Stage.ANNUAL:
            rate = EXECUTION_RATES[index % len(EXECUTION_RATES)]
            executed = str((planned * rate).quantize(Decimal("0.01")))
        rows.append(f'{code},"{name}",{kind},{planned},,{executed}')
    return ("\n".join(rows) + "\n").encode()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


def _report_ensure(municipality, year, stage, *, published_on, created) -> None:
    if BudgetReport.objects.filter(municipality=municipality, year=year, stage=stage).exists():
        return
    revision = budget_report_import(
        municipality=municipality,
        year=year,
        stage=stage,
        data=budget_csv(municipality.population or 1000, year, stage),
        file_name=f"{municipality.slug}-{year}-{stage}.csv",
        user=None,
    )
    if published_on is not None:
        budget_report_publish(report=revision.report, user=None, when=_at(published_on))
    created.append(f"{municipality.slug} {year} {stage}")


def demo_content_ensure() -> StructureReport:
    created: list[str] = []
    new_councils = set(demo_councils_ensure(definition={"councils": list(COUNCILS.values())}))
    created += [f"public council {slug}" for slug in sorted(new_councils)]
    registered = set(Municipality.objects.values_list("slug", flat=True))
    missing = [row for row in MUNICIPALITIES if row[0] not in registered]
    if missing:
        lines = [REGISTRY_HEADER + ",council"]
        for slug, name, region, kind, population, name_en, region_en, name_ru, region_ru in missing:
            council = COUNCILS[slug]["slug"] if slug in COUNCILS else ""
            lines.append(
                f'{slug},"{name}","{region}",{kind},{population},2024,,,,,'
                f'"{name_en}","{region_en}","{name_ru}","{region_ru}",{council}'
            )
        municipalities_import(data=("\n".join(lines) + "\n").encode(), is_demo=True)
        created += [f"municipality {row[0]}" for row in missing]
    municipalities = {
        m.slug: m
        for m in Municipality.objects.in_source_language().filter(
            slug__in=[row[0] for row in MUNICIPALITIES]
        )
    }
    _councils_link(municipalities, new_councils, created)
    latest = last_complete_year(timezone.localdate())
    green, foothill, riverside = (municipalities.get(row[0]) for row in MUNICIPALITIES)
    for municipality in (green, foothill, riverside):
        if municipality is None:
            continue
        for year in (latest - 1, latest):
            approved_on = legal_deadline(year, Stage.APPROVED) - datetime.timedelta(days=5)
            _report_ensure(
                municipality, year, Stage.APPROVED, published_on=approved_on, created=created
            )
            annual_on = legal_deadline(year, Stage.ANNUAL) - datetime.timedelta(days=10)
            if year == latest and municipality is foothill:
                # Published late: 40 days after the deadline.
                annual_on = legal_deadline(year, Stage.ANNUAL) + datetime.timedelta(days=40)
            if year == latest and municipality is riverside:
                continue  # Missing: the scoreboard shows it overdue.
            _report_ensure(
                municipality, year, Stage.ANNUAL, published_on=annual_on, created=created
            )
    if green is not None:
        # The coming year's draft, open for comments through a consultation.
        _report_ensure(green, latest + 2, Stage.DRAFT, published_on=None, created=created)
        _draft_consultation_ensure(green, latest + 2, created)
    return StructureReport(created=created)


def _draft_consultation_ensure(municipality, year, created) -> None:
    draft = BudgetReport.objects.get(municipality=municipality, year=year, stage=Stage.DRAFT)
    if consultation_on_draft(draft, locale_id=None) is not None:
        return
    organisation = (
        municipality.organisation
        or Organisation.objects.filter(kind=Kind.MUNICIPALITY, name=municipality.name).first()
    )
    if organisation is None:
        representative, new = get_user_model().objects.get_or_create(
            username=DEMO_REPRESENTATIVE,
            defaults={"email": "sample.municipality.representative@example.org"},
        )
        if new:
            representative.set_unusable_password()
            representative.save()
        organisation = organisation_create(
            user=representative,
            name=municipality.name,
            kind=Kind.MUNICIPALITY,
            region=Region.values[0],
        )
    if municipality.organisation_id is None:
        # Every language's row, as the registry's editors would set it.
        Municipality.objects.filter(translation_key=municipality.translation_key).update(
            organisation=organisation
        )
        municipality.organisation = organisation
    now = timezone.now()
    draft_budget_consultation_open(
        report=draft,
        user=None,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=60),
    )
    created.append(f"consultation on {municipality.slug} {year} draft")


def _councils_link(municipalities: dict, new_councils: set[str], created: list[str]) -> None:
    """A demo municipality registered by an earlier run gets its council made by this one; one
    with a council, or whose council was made earlier, is left as its editors keep it."""
    for slug, council_entry in COUNCILS.items():
        municipality = municipalities.get(slug)
        if (
            municipality is None
            or municipality.public_council_id is not None
            or council_entry["slug"] not in new_councils
        ):
            continue
        council = CouncilPage.objects.filter(
            locale_id=municipality.locale_id, slug=council_entry["slug"]
        ).first()
        if council is None:
            continue
        municipality_public_council_set(municipality=municipality, council=council)
        created.append(f"public council of {slug}")
