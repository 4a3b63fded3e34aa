import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from themes.models import IndicatorSnapshot, Measure, ProgressEvidenceLink, ProgressUpdate
from themes.registry import (
    ALL_MEASURES,
    Indicator,
    IndicatorRegistry,
    LinkedItem,
    LinkProvider,
    indicators,
    links,
)
from themes.selectors import indicator_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_links():
    """An app that tags its objects with measures, as councils will."""

    def items_for(measure):
        if measure.code == "5.5":
            yield LinkedItem(
                kind="Meeting",
                title="İctimai şuranın iclası",
                url="/az/councils/1/",
                date="2026-10-01",
            )

    provider = links.register(LinkProvider(key="test.meetings", items_for=items_for))
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


def test_an_indicator_value_is_stored_with_when_and_reused_until_stale(council_indicator):
    indicator, calls = council_indicator
    measure = Measure.objects.get(code="5.5")
    [value] = [v for v in indicator_values(measure) if v.key == "test.councils"]
    assert value.value == 3
    assert value.method == "Councils whose minutes of the last twelve months are published."
    assert timezone.now() - value.computed_at < datetime.timedelta(minutes=1)
    indicator_values(measure)
    assert calls == ["5.5"]  # the stored value served the second time

    IndicatorSnapshot.objects.filter(indicator_key="test.councils").update(
        computed_at=timezone.now() - datetime.timedelta(days=1)
    )
    indicator_values(measure)
    assert calls == ["5.5", "5.5"]


def test_the_measure_page_and_api_show_a_registered_indicator(client, council_indicator):
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "Public councils with published minutes" in html
    assert "Councils whose minutes of the last twelve months are published." in html
    body = client.get("/api/v1/measures/5.5/").json()
    assert any(v["key"] == "test.councils" and v["value"] == 3 for v in body["indicator_values"])


def test_the_published_evidence_indicator_counts_links_of_published_updates_only(settings):
    measure = Measure.objects.get(code="7.2")
    published = ProgressUpdate.objects.create(
        measure=measure, date=datetime.date(2021, 5, 1), summary="<p>Hesabat</p>", live=True
    )
    ProgressEvidenceLink.objects.create(update=published, url="https://example.az/a", title="A")
    ProgressEvidenceLink.objects.create(update=published, url="https://example.az/b", title="B")
    draft = ProgressUpdate.objects.create(
        measure=measure, date=datetime.date(2021, 6, 1), summary="<p>Qaralama</p>", live=False
    )
    ProgressEvidenceLink.objects.create(update=draft, url="https://example.az/c", title="C")
    [value] = [
        v
        for v in indicator_values(measure, max_age=datetime.timedelta(0))
        if v.key == "themes.published_evidence"
    ]
    assert value.value == Decimal(2)


def test_items_linked_to_a_measure_show_on_its_page_and_in_the_api(client, meeting_links):
    html = client.get("/az/plan/5/5-5/").content.decode()
    assert 'href="/az/councils/1/"' in html
    assert "İctimai şuranın iclası" in html
    body = client.get("/api/v1/measures/5.5/").json()
    assert body["linked_items"] == [
        {
            "kind": "Meeting",
            "title": "İctimai şuranın iclası",
            "url": "/az/councils/1/",
            "date": "2026-10-01",
        }
    ]
    assert client.get("/api/v1/measures/5.4/").json()["linked_items"] == []


def test_a_failing_indicator_does_not_take_the_measure_page_down(client, caplog):
    def broken(measure):
        raise RuntimeError("the council registry is unreachable")

    indicators.register(
        Indicator(
            key="test.broken", label="Broken", method="Fails.", measures=("5.5",), compute=broken
        )
    )
    try:
        response = client.get("/en/plan/5/5-5/")
    finally:
        indicators.unregister("test.broken")
    assert response.status_code == 200
    assert "Published evidence" in response.content.decode()
    assert "Indicator test.broken failed for measure 5.5" in caplog.text
