"""What other apps tell the plan about their own data, without `themes` importing them.

An app registers, in its AppConfig.ready():
- indicators: for some measures, a function over the app's own data giving a number, with a
  sentence saying how it is computed;
- linked-item providers: for a measure, the app's objects tagged with it (councils, meetings,
  consultations, budget reports), so a measure's page and API can list them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

ALL_MEASURES = "*"


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
    items_for: Callable[..., Iterable[LinkedItem]]  # items_for(measure) -> items


class IndicatorRegistry:
    def __init__(self):
        self._indicators: dict[str, Indicator] = {}

    def register(self, indicator: Indicator) -> Indicator:
        if indicator.key in self._indicators:
            raise ValueError(f"An indicator with the key {indicator.key!r} is already registered.")
        self._indicators[indicator.key] = indicator
        return indicator

    def unregister(self, key: str) -> None:
        self._indicators.pop(key, None)

    def get(self, key: str) -> Indicator | None:
        return self._indicators.get(key)

    def for_measure(self, code: str) -> list[Indicator]:
        return [i for i in self._indicators.values() if i.applies_to(code)]

    def all(self) -> list[Indicator]:
        return list(self._indicators.values())


class LinkRegistry:
    def __init__(self):
        self._providers: dict[str, LinkProvider] = {}

    def register(self, provider: LinkProvider) -> LinkProvider:
        if provider.key in self._providers:
            raise ValueError(
                f"A link provider with the key {provider.key!r} is already registered."
            )
        self._providers[provider.key] = provider
        return provider

    def unregister(self, key: str) -> None:
        self._providers.pop(key, None)

    def items_for(self, measure) -> list[LinkedItem]:
        items: list[LinkedItem] = []
        for provider in self._providers.values():
            items.extend(provider.items_for(measure))
        return items


indicators = IndicatorRegistry()
links = LinkRegistry()
