"""What search keeps in the database: what is still to be indexed, and the analysed text the
database backend searches."""

from django.db import models


class SearchOutbox(models.Model):
    """A document to index again, recorded in the transaction of the write that changed it.

    The drain indexes it and deletes the row only once the engine has taken it, so an update
    made while Elasticsearch is away waits here until it is back. While a rebuild runs, a
    drained row is kept, marked `indexed_at`, so the rebuild can index it once more into its
    new index after reading everything else (a document it read before the change must not
    win).
    """

    doc_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    indexed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(indexed_at__isnull=True),
                name="search_outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"


class SearchEntry(models.Model):
    """One document in one language as the database backend searches it: the original words
    for display, and the keys `search.analysis` made of them, each surrounded by spaces so a
    word is found with LIKE '% key %'."""

    doc_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    visibility = models.CharField(max_length=50)
    title_exact = models.TextField()
    title_stem = models.TextField()
    body_exact = models.TextField(blank=True)
    body_stem = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "object_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "visibility"])]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}:{self.language}"


class SearchFacetValue(models.Model):
    """One facet value of an entry (a measure's area "5", its years "2021" and "2022"), a row
    each, so the database backend filters and counts facets with plain joins and GROUP BY on
    SQLite and PostgreSQL alike."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    name = models.CharField(max_length=50)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """A word (its exact key) that public documents of a language hold: the vocabulary the
    database backend draws "did you mean" from. It only grows between rebuilds; a suggestion is
    offered only once a search for it finds something, so a word that left is never offered."""

    language = models.CharField(max_length=8)
    term = models.CharField(max_length=100)  # the exact key: lower case, folded
    word = models.CharField(max_length=100)  # as written, in lower case: what is suggested
    length = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_term_unique")
        ]
        indexes = [models.Index(fields=["language", "length"])]

    def __str__(self) -> str:
        return f"{self.language}:{self.term}"
