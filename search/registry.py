"""What the apps tell search about their content, without `search` importing them.

An app registers, in its AppConfig.ready(), each type of document it makes searchable: a key
("measure"), a label, the model whose rows the documents are made of, a function giving the
searchable records of some of those rows (one per language the row is published in), and the
models whose writes change those records, each with a function naming the rows concerned.

The app's services (or the Wagtail hooks and signals that end in them) call
`search.services.search_changed()` with what they wrote; search works out, from this registry,
which documents must be indexed again.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from civic_platform.registries import KeyedRegistry

PUBLIC = "public"


@dataclass(frozen=True)
class SearchRecord:
    """One document in one language, as a visitor finds it."""

    object_id: str  # the source row's primary key, as text
    language: str
    title: str
    body: str
    url: str
    date: datetime.date | None = None
    # facet name -> values: area, measure, body, council, municipality, year, status
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Who may find it; PUBLIC for anyone. Searches only ever ask for what the visitor may see.
    visibility: str = PUBLIC


@dataclass(frozen=True)
class Dependency:
    """Writes to `model` change documents of the type: `object_ids(instances)` names which."""

    model: type
    object_ids: Callable[[list], Iterable]


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str  # lazily translated, shown as the result's type and facet
    model: type
    # records(object_ids) -> the records of those rows that may be found now; a row without a
    # record (deleted, unpublished) leaves the index
    records: Callable[[list[str]], Iterable[SearchRecord]]
    # every row that may have records, for a rebuild (a queryset or a list of primary keys)
    all_object_ids: Callable[[], Iterable]
    dependencies: tuple[Dependency, ...] = ()
    # The Wagtail page classes whose pages these documents stand for: the generic document
    # of every other page (`search.pages`) leaves them to this type.
    page_models: tuple[type, ...] = ()

    def object_ids_for(self, model: type, instances: list) -> set[str]:
        """The rows of this type that writes to these instances of `model` change."""
        ids: set[str] = set()
        if issubclass(model, self.model):
            ids.update(str(instance.pk) for instance in instances)
        for dependency in self.dependencies:
            if issubclass(model, dependency.model):
                ids.update(str(pk) for pk in dependency.object_ids(instances))
        return ids


class DocumentRegistry(KeyedRegistry[DocumentType]):
    entry_name = "search document type"

    def all(self) -> list[DocumentType]:
        return list(self)

    def claimed_page_models(self) -> tuple[type, ...]:
        return tuple(model for kind in self for model in kind.page_models)


documents = DocumentRegistry()


class FacetLabels:
    """Names of facet values that no document stands for (a measure's status "overdue"): an
    app registers, in its AppConfig.ready(), value -> lazily translated name for a facet.
    Values with a document of their own (an area, a body) are named by its title instead."""

    def __init__(self):
        self._labels: dict[str, dict[str, str]] = {}

    def register(self, facet: str, labels: dict[str, str]) -> None:
        self._labels.setdefault(facet, {}).update(labels)

    def get(self, facet: str) -> dict[str, str]:
        return self._labels.get(facet, {})


facet_labels = FacetLabels()
