"""Other apps tell an organisation's page about its activity through the registry."""

import pytest

from civic_platform.organisations.registry import ActivityItem, ActivityProvider, activity


def _seats(organisation, *, locale, limit):
    return [ActivityItem(kind="Seat", title=f"Seat {n}", url=f"/s/{n}/") for n in range(limit + 5)]


def test_a_provider_registered_twice_under_one_key_is_refused():
    provider = ActivityProvider(key="test-seats", label="Council seats", items_for=_seats)
    activity.register(provider)
    try:
        with pytest.raises(ValueError, match="test-seats"):
            activity.register(provider)
    finally:
        activity.unregister("test-seats")


def test_a_provider_gives_at_most_ten_items_to_the_page():
    activity.register(ActivityProvider(key="test-seats", label="Council seats", items_for=_seats))
    try:
        result = activity.for_organisation(object(), locale=None)
    finally:
        activity.unregister("test-seats")
    assert [group.label for group in result.groups] == ["Council seats"]
    assert len(result.groups[0].items) == 10
