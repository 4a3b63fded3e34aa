"""The test database's base state (migrations, site structure, the whole plan), kept in memory
once it is built, so a test that commits can have it back in about a second.

Tests whose data a live server thread must see commit it, and pytest-django then empties every
table after them. Importing the plan again into the empty database takes tens of seconds; a
copy of each table's rows, taken when the session's database was built, is written back with
PostgreSQL's COPY instead.

Setup shared by a module's tests that need not be seen by another connection is better kept in
one transaction left open for the module (`kept_until_the_end`): nothing to restore.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

# Written by migrations and never emptied by pytest-django's flush.
UNTOUCHED_TABLES = {"django_migrations"}


@dataclass(frozen=True)
class DatabaseState:
    rows: dict[str, bytes]


def _tables(cursor) -> list[str]:
    names = connection.introspection.table_names(cursor, include_views=False)
    return [name for name in names if name not in UNTOUCHED_TABLES]


def database_state_capture() -> DatabaseState:
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables(cursor):
            with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT binary)") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return DatabaseState(rows=rows)


def database_state_restore(state: DatabaseState) -> None:
    """Every table as it was captured, in one transaction: foreign keys are checked at its end
    (Django makes them deferrable), so the order of the tables does not matter.

    The id sequences keep counting up: an id is never given twice in a run, so what lives
    outside the database (the Elasticsearch index above all) never meets a new row under an
    old row's id."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _tables(cursor)
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)} CASCADE")
        for table in tables:
            data = state.rows.get(table)
            if data:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(data)
    # Flushing recreated the content types under new ids; the restored rows carry the old ones.
    ContentType.objects.clear_cache()


@contextmanager
def kept_until_the_end(django_db_blocker) -> Iterator[None]:
    """For a module- or class-scoped fixture: what is written inside stays, uncommitted, for every
    test of its scope and is rolled back after the last one.

    Each test's own transaction is a savepoint inside this one, so each test rolls back to what
    the fixture built. Nothing is committed: no base state to restore afterwards, and no
    after-commit work (search indexing, broadcasts) runs for the fixture's rows. Not for tests
    that commit (`transactional_db`, live servers)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
