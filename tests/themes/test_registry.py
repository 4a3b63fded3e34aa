import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from civic_platform.worker import periodic_jobs
from tests.factories import EvidenceLinkFactory, ProgressUpdateFactory
from themes.models import IndicatorSnapshot, Measure
from themes.registry import (
    ALL_MEASURES,
    LINKED_ITEMS_PER_PROVIDER,
    Indicator,
    IndicatorRegistry,
    LinkedItem,
    LinkProvider,
    indicators,
    links,
)
from themes.selectors import indicator_values
from themes.services import indicator_snapshots_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_links():
    """An app that tags its objects with measures, as councils will."""

    def items_for(measure, *, locale_id, language_code, limit):
        if measure.code == "5.5":
            yield LinkedItem(
                kind="Meeting",
                title=f"İctimai şuranın iclası [{language_code}]",
                url=f"/{language_code}/councils/1/",
                date="2026-10-01",
            )

    provider = links.register(
        LinkProvider(key="test.meetings", label="Meetings", items_for=items_for)
    )
    yield provider
    links.unregister("test.meetings")


@pytest.fixture
def council_indicator():
    calls = []

    def compute(measure):
        calls.append(measure.code)
        return 3

    indicator = indicators.register(
        Indicator(
            key="test.councils",
            label="Public councils with published minutes",
            method="Councils whose minutes of the last twelve months are published.",
            measures=("5.5", "7.1"),
            compute=compute,
        )
    )
    yield indicator, calls
    indicators.unregister("test.councils")


def test_an_indicator_applies_to_its_measures_only(council_indicator):
    keys_55 = {i.key for i in indicators.for_measure("5.5")}
    keys_11 = {i.key for i in indicators.for_measure("1.1")}
    assert {"test.councils", "themes.published_evidence"} <= keys_55
    assert "test.councils" not in keys_11
    assert "themes.published_evidence" in keys_11


def test_a_key_can_be_registered_only_once():
    registry = IndicatorRegistry()
    indicator = Indicator(
        key="x", label="x", method="x", measures=ALL_MEASURES, compute=lambda m: 1
    )
    registry.register(indicator)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(indicator)


def test_indicator_values_are_computed_after_writes_and_never_while_a_page_is_read(
    client, council_indicator
):
    indicator, calls = council_indicator
    measure = Measure.objects.get(code="5.5")
    snapshots_before = IndicatorSnapshot.objects.count()
    assert client.get("/en/plan/5/5-5/").status_code == 200
    assert (
        "Public councils with published minutes"
        not in client.get("/en/plan/5/5-5/").content.decode()
    )
    assert calls == [] and IndicatorSnapshot.objects.count() == snapshots_before

    assert indicator_snapshots_refresh(measures=[measure]) == []
    [value] = [v for v in indicator_values(measure) if v.key == "test.councils"]
    assert value.value == 3
    assert value.method == "Councils whose minutes of the last twelve months are published."
    assert timezone.now() - value.computed_at < datetime.timedelta(minutes=1)
    assert calls == ["5.5"]


def test_the_measure_page_and_api_show_a_registered_indicator(client, council_indicator):
    indicator_snapshots_refresh(measures=Measure.objects.filter(code="5.5"))
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "Public councils with published minutes" in html
    assert "Councils whose minutes of the last twelve months are published." in html
    body = client.get("/api/v1/measures/5.5/").json()
    assert any(v["key"] == "test.councils" and v["value"] == 3 for v in body["indicator_values"])


def test_publishing_an_update_recounts_the_evidence_of_published_updates_only(client):
    measure = Measure.objects.get(code="7.2")

    def evidence():
        [value] = [v for v in indicator_values(measure) if v.key == "themes.published_evidence"]
        return value.value

    assert evidence() == 0
    update = ProgressUpdateFactory(measure=measure, live=False)
    EvidenceLinkFactory(update=update)
    EvidenceLinkFactory(update=update)
    draft = ProgressUpdateFactory(measure=measure, live=False)
    EvidenceLinkFactory(update=draft)
    draft.save_revision()
    assert evidence() == 0

    update.save_revision().publish()
    assert evidence() == Decimal(2)
    html = client.get("/en/plan/7/7-2/").content.decode()
    assert '<p class="indicator-value">2</p>' in html

    update.refresh_from_db()
    update.unpublish()
    assert evidence() == 0


def test_items_linked_to_a_measure_show_on_its_page_and_in_the_api(client, meeting_links):
    html = client.get("/az/plan/5/5-5/").content.decode()
    assert 'href="/az/councils/1/"' in html
    assert "İctimai şuranın iclası [az]" in html
    body = client.get("/api/v1/measures/5.5/", {"lang": "en"}).json()
    assert body["linked_items"] == [
        {
            "kind": "Meeting",
            "title": "İctimai şuranın iclası [en]",
            "url": "/en/councils/1/",
            "date": "2026-10-01",
        }
    ]
    assert client.get("/api/v1/measures/5.4/").json()["linked_items"] == []


def test_a_failing_indicator_keeps_the_others_and_is_logged(client, caplog):
    def broken(measure):
        raise RuntimeError("the council registry is unreachable")

    indicators.register(
        Indicator(
            key="test.broken", label="Broken", method="Fails.", measures=("5.5",), compute=broken
        )
    )
    try:
        failed = indicator_snapshots_refresh(measures=Measure.objects.filter(code="5.5"))
        response = client.get("/en/plan/5/5-5/")
    finally:
        indicators.unregister("test.broken")
    assert failed == ["test.broken 5.5"]
    assert "Indicator test.broken failed for measure 5.5" in caplog.text
    assert response.status_code == 200
    assert "Published evidence" in response.content.decode()


def test_a_failing_link_provider_is_named_in_a_notice_and_the_page_still_answers(
    client, caplog, meeting_links
):
    def broken(measure, *, locale_id, language_code, limit):
        raise RuntimeError("the consultation index is unreachable")

    links.register(LinkProvider(key="test.broken", label="Consultations", items_for=broken))
    try:
        response = client.get("/en/plan/5/5-5/")
        api = client.get("/api/v1/measures/5.5/")
    finally:
        links.unregister("test.broken")
    assert response.status_code == 200 and api.status_code == 200
    html = response.content.decode()
    assert "Some items could not be loaded just now: Consultations." in html
    assert 'href="/en/councils/1/"' in html  # the other provider's items are still there
    assert "Link provider test.broken failed for measure 5.5" in caplog.text


def test_a_provider_gets_a_bound_and_the_page_shows_no_more_than_it(client):
    asked = []

    def many(measure, *, locale_id, language_code, limit):
        asked.append(limit)
        return [LinkedItem(kind="Item", title=f"Item {n}", url=f"/x/{n}/") for n in range(100)]

    links.register(LinkProvider(key="test.many", label="Many", items_for=many))
    try:
        html = client.get("/en/plan/5/5-5/").content.decode()
    finally:
        links.unregister("test.many")
    assert asked == [LINKED_ITEMS_PER_PROVIDER]
    assert html.count('href="/x/') == LINKED_ITEMS_PER_PROVIDER


def test_the_daily_indicator_refresh_runs_just_after_the_next_midnight_in_baku():
    job = periodic_jobs()["themes.indicators-daily"]
    baku = zoneinfo.ZoneInfo("Asia/Baku")
    evening = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=baku)
    just_after = datetime.datetime(2026, 11, 21, 0, 5, tzinfo=baku)

    assert job.next_run_after(evening) == just_after
    # A run that ends at its own moment is not scheduled for the same moment again.
    assert job.next_run_after(just_after) == just_after + datetime.timedelta(days=1)
    # Midnight in Baku is 20:00 UTC the day before.
    assert job.next_run_after(datetime.datetime(2026, 11, 20, 19, 0, tzinfo=datetime.UTC)) == (
        datetime.datetime(2026, 11, 20, 20, 5, tzinfo=datetime.UTC)
    )
