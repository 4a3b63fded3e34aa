"""What other apps tell a council's page about the council, without councils importing them.

The municipalities app links a municipality to its public council (Municipality.public_council);
councils import no other domain app, so the way back is a provider it registers in its
AppConfig.ready():

    council_links.register(CouncilLinkProvider(key="municipality", links_for=...))

`links_for(council, *, locale)` returns CouncilLinks in that language. A provider belongs to
another app and may fail: the failure is logged and the council's page still answers.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from civic_platform.registries import KeyedRegistry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CouncilLink:
    label: str  # what the link is, e.g. "Municipality"
    title: str
    url: str


@dataclass(frozen=True)
class CouncilLinkProvider:
    key: str
    links_for: Callable[..., Iterable[CouncilLink]]


class CouncilLinkRegistry(KeyedRegistry[CouncilLinkProvider]):
    entry_name = "council link provider"

    def links_for(self, council, *, locale) -> list[CouncilLink]:
        links = []
        for provider in self:
            try:
                links.extend(provider.links_for(council, locale=locale))
            except Exception:
                logger.exception("Council link provider %s failed for %s", provider.key, council)
        return links


council_links = CouncilLinkRegistry()
