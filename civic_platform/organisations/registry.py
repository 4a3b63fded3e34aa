"""What other apps tell an organisation's page about it, without this app importing them.

Councils (seats), consultations (answers, comments) and later apps register an activity
provider in their AppConfig.ready():

    from civic_platform.organisations.registry import ActivityProvider, activity
    activity.register(ActivityProvider(key="council-seats", label=_("Council seats"),
                                       items_for=council_seats_of))

`items_for(organisation, *, locale, limit)` returns at most `limit` ActivityItems in that
language. A provider belongs to another app and may fail: the failure is logged, named on the
page, and the page still answers.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from civic_platform.registries import KeyedRegistry

logger = logging.getLogger(__name__)

ITEMS_PER_PROVIDER = 10


@dataclass(frozen=True)
class ActivityItem:
    kind: str  # lazily translated, e.g. "Comment"
    title: str
    url: str
    date: str = ""


@dataclass(frozen=True)
class ActivityProvider:
    key: str
    label: str  # lazily translated: the heading of its items on the page
    items_for: Callable[..., Iterable[ActivityItem]]


@dataclass
class ActivityGroup:
    label: str
    items: list[ActivityItem]


@dataclass
class Activity:
    groups: list[ActivityGroup] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # labels of providers that failed
    providers: int = 0  # how many are registered, so the page can say "nothing yet"


class ActivityRegistry(KeyedRegistry[ActivityProvider]):
    entry_name = "activity provider"

    def for_organisation(self, organisation, *, locale) -> Activity:
        result = Activity(providers=len(self))
        for provider in self:
            try:
                items = list(
                    provider.items_for(organisation, locale=locale, limit=ITEMS_PER_PROVIDER)
                )
            except Exception:
                logger.exception(
                    "Activity provider %s failed for organisation %s", provider.key, organisation
                )
                result.failed.append(str(provider.label))
                continue
            if items:
                result.groups.append(
                    ActivityGroup(label=str(provider.label), items=items[:ITEMS_PER_PROVIDER])
                )
        return result


activity = ActivityRegistry()
