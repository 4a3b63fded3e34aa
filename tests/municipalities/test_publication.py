"""What a report's publication changes besides its page: the cached pages, the followers'
notifications, search, the plan's indicators; and the demo content."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from civic_platform.notifications import services as notification_services
from civic_platform.notifications.models import Notification
from municipalities.deadlines import last_complete_year, legal_deadline
from municipalities.demo_content import demo_content_ensure
from municipalities.models import BudgetReport, Municipality
from municipalities.search import budget_records
from municipalities.selectors import (
    accountable_municipalities_count,
    consultation_on_draft,
    municipalities_on_the_web_count,
    reports_on_time_share,
)
from municipalities.services.registry import municipality_public_council_set
from municipalities.services.reports import (
    budget_report_import,
    budget_report_publish,
    budget_report_unpublish,
)
from search.models import SearchOutbox
from tests.councils.helpers import make_council
from tests.factories import UserFactory
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, registry
from themes.models import Measure
from themes.selectors import indicator_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheki(site_structure):
    return registry()["sheki"]


def _import(municipality, year=2024, stage="annual"):
    csv = EXECUTION_CSV if stage == "annual" else APPROVED_CSV
    return budget_report_import(
        municipality=municipality, year=year, stage=stage, data=csv.encode(), user=None
    ).report


def test_publishing_a_report_shows_it_to_anonymous_visitors_served_from_the_cache(sheki, settings):
    settings.PAGE_CACHE_SECONDS = 300
    report = _import(sheki)
    visitor = Client()
    assert "budgets/2024/annual" not in visitor.get("/en/municipalities/sheki/").content.decode()
    budget_report_publish(report=report, user=None)
    assert "budgets/2024/annual" in visitor.get("/en/municipalities/sheki/").content.decode()


def test_followers_of_a_municipality_are_notified_once_when_its_report_is_published(sheki):
    follower = UserFactory()
    notification_services.follow(user=follower, obj=sheki)
    report = _import(sheki)
    assert not Notification.objects.filter(user=follower).exists()
    budget_report_publish(report=report, user=None)
    budget_report_publish(report=report, user=None)
    notification = Notification.objects.get(user=follower)
    assert "/az/municipalities/sheki/budgets/2024/annual/" in notification.event.url["az"]


def test_a_published_report_is_recorded_for_search_and_an_unpublished_one_is_not_indexed(sheki):
    report = _import(sheki)
    assert list(budget_records([report.pk])) == []
    budget_report_publish(report=report, user=None)
    assert SearchOutbox.objects.filter(doc_type="budget", object_id=str(report.pk)).exists()
    records = {record.language: record for record in budget_records([report.pk])}
    assert records["en"].title == "Shaki municipality: Annual execution 2024"
    assert "Məktəbəqədər təhsil" in records["en"].body
    assert records["en"].facets == {
        "municipality": ("sheki",),
        "year": ("2024",),
        "status": ("annual",),
    }


def test_the_indicators_count_municipalities_that_published_on_time(sheki):
    year = last_complete_year(timezone.localdate())
    on_time = timezone.make_aware(datetime.datetime(year - 1, 12, 1))
    late = timezone.make_aware(datetime.datetime(year + 1, 6, 1))
    budget_report_publish(report=_import(sheki, year, "approved"), user=None, when=on_time)
    assert accountable_municipalities_count() == 0
    budget_report_publish(report=_import(sheki, year, "annual"), user=None, when=late)
    assert accountable_municipalities_count() == 1
    assert reports_on_time_share() == 50
    # Şəki has no public council.
    assert municipalities_on_the_web_count() == 0


def test_a_municipality_counts_as_on_the_web_only_while_its_council_is_published(sheki):
    budget_report_publish(report=_import(sheki), user=None)
    council = make_council("Şəki Bələdiyyəsi yanında İctimai Şura", slug="seki-surasi")
    municipality_public_council_set(municipality=sheki, council=council)
    assert municipalities_on_the_web_count() == 1
    assert _on_the_web_indicator() == 1
    # The plan's indicator follows the council page's publication, not only the registry.
    council.unpublish()
    assert municipalities_on_the_web_count() == 0
    assert _on_the_web_indicator() == 0
    council.get_latest_revision().publish()
    assert _on_the_web_indicator() == 1


def test_withdrawing_and_publishing_again_keeps_how_late_the_first_publication_was(sheki):
    year = last_complete_year(timezone.localdate())

    def day_after_deadline(stage, days):
        day = legal_deadline(year, stage) + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    approved = _import(sheki, year, "approved")
    annual = _import(sheki, year, "annual")
    budget_report_publish(report=approved, user=None, when=day_after_deadline("approved", 10))
    budget_report_publish(report=annual, user=None, when=day_after_deadline("annual", 0))
    for report in (approved, annual):
        budget_report_unpublish(report=report, user=None)
        assert Client().get(f"/api/v1/budgets/{report.pk}/").status_code == 404
        budget_report_publish(report=report, user=None, when=day_after_deadline(report.stage, 90))
    approved.refresh_from_db()
    assert approved.days_late == 10
    body = Client().get(f"/api/v1/budgets/{annual.pk}/").json()
    assert body["days_late"] == 0
    assert body["first_published_at"] < body["published_at"]
    # The annual execution was first published on time, the approved budget late.
    assert reports_on_time_share() == 50
    html = Client().get(f"/en/municipalities/scoreboard/?year={year}").content.decode()
    sheki_row = html.split('href="/en/municipalities/sheki/"')[1].split("</tr>")[0]
    assert "10 days late" in sheki_row and "on time" in sheki_row


def test_the_demo_content_is_marked_as_such_and_loading_it_again_changes_nothing(site_structure):
    created = demo_content_ensure().created
    assert len(created) > 10
    demo = Municipality.objects.in_source_language().filter(slug__startswith="numune-")
    assert demo.count() == 3 and all(m.is_demo for m in demo)
    reports = BudgetReport.objects.filter(municipality__in=demo)
    year = last_complete_year(timezone.localdate())
    late = reports.get(municipality__slug="numune-dag-etegi", year=year, stage="annual")
    assert late.days_late == 40
    assert not reports.filter(municipality__slug="numune-cay-sahili", year=year, stage="annual")
    draft = reports.get(stage="draft")
    assert consultation_on_draft(draft, locale_id=None).is_open
    count = reports.count()
    assert demo_content_ensure().created == []
    assert BudgetReport.objects.filter(municipality__in=demo).count() == count
    call_command("load_demo_content", verbosity=0)
    html = Client().get("/en/municipalities/numune-yasil-vadi/").content.decode()
    assert "Demo data" in html


def _on_the_web_indicator() -> int:
    values = indicator_values(Measure.objects.get(code="7.3"))
    return next(value.value for value in values if value.key == "municipalities.on_the_web")


def test_the_demo_content_gives_two_municipalities_a_public_council_that_the_plan_counts(
    site_structure,
):
    demo_content_ensure()
    assert _on_the_web_indicator() == 2
    visitor = Client()
    html = visitor.get("/en/municipalities/numune-yasil-vadi/").content.decode()
    council_url = "/en/councils/numune-yasil-vadi-ictimai-surasi/"
    assert f'href="{council_url}"' in html
    assert "Public Council at the Green Valley municipality (sample)" in html
    council_page = visitor.get(council_url).content.decode()
    assert 'href="/en/municipalities/numune-yasil-vadi/"' in council_page

    # An editor takes the council off a demo municipality; loading again leaves it off.
    foothill = Municipality.objects.in_source_language().get(slug="numune-dag-etegi")
    municipality_public_council_set(municipality=foothill, council=None)
    assert _on_the_web_indicator() == 1
    assert demo_content_ensure().created == []
    assert not Municipality.objects.filter(
        slug="numune-dag-etegi", public_council__isnull=False
    ).exists()
    assert _on_the_web_indicator() == 1
