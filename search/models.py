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
