"""What other apps tell the plan about their own data, without `themes` importing them.

An app registers, in its AppConfig.ready():
- indicators: for some measures, a function over the app's own data giving a number, with a
  sentence saying how it is computed;
- linked-item providers: for a measure and a language (its locale's id and its code), the app's
  objects tagged with it (councils, meetings, consultations, budget reports), so a measure's
  page and API list them.

A provider belongs to another app and may fail; one failing provider is logged and named in the
result, and the measure's page still answers.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from civic_platform.registries import KeyedRegistry

logger = logging.getLogger(__name__)

ALL_MEASURES = "*"
# A measure's page lists at most this many items from each provider; the provider's own page
# lists the rest.
LINKED_ITEMS_PER_PROVIDER = 10


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # lazily translated
    method: str  # one sentence, lazily translated: how the value is computed
    measures: tuple[str, ...] | str  # measure codes, or ALL_MEASURES
    compute: Callable[..., Decimal | int | float]  # compute(measure) -> number
    unit: str = ""

    def applies_to(self, code: str) -> bool:
        return self.measures == ALL_MEASURES or code in self.measures


@dataclass(frozen=True)
class LinkedItem:
    kind: str  # lazily translated, e.g. "Meeting"
    title: str
    url: str
    date: str = ""


@dataclass(frozen=True)
class LinkProvider:
    key: str
    label: str  # lazily translated: what it lists, named in a notice when it fails
    # items_for(measure, *, locale_id, language_code, limit) -> at most `limit` items in that
    # language: the page's own locale id and language code, so no provider needs a Locale row
    items_for: Callable[..., Iterable[LinkedItem]]


@dataclass
class LinkedItems:
    items: list[LinkedItem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # labels of providers that failed


class IndicatorRegistry(KeyedRegistry[Indicator]):
    entry_name = "indicator"

    def for_measure(self, code: str) -> list[Indicator]:
        return [indicator for indicator in self if indicator.applies_to(code)]


class LinkRegistry(KeyedRegistry[LinkProvider]):
    entry_name = "link provider"

    def items_for(self, measure, *, locale_id: int, language_code: str) -> LinkedItems:
        result = LinkedItems()
        for provider in self:
            try:
                items = list(
                    provider.items_for(
                        measure,
                        locale_id=locale_id,
                        language_code=language_code,
                        limit=LINKED_ITEMS_PER_PROVIDER,
                    )
                )
            except Exception:
                logger.exception("Link provider %s failed for measure %s", provider.key, measure)
                result.failed.append(str(provider.label))
                continue
            result.items.extend(items[:LINKED_ITEMS_PER_PROVIDER])
        return result


indicators = IndicatorRegistry()
links = LinkRegistry()
