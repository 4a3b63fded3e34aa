"""The one shape of every registry an app fills in its AppConfig.ready(): entries under a
unique key, kept in the order they were registered.

A registry class adds only what it answers (a measure's indicators, a page's links); the
keeping of entries is here. Registering a key twice is a programming error, said at start-up.
"""

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


Entry = TypeVar("Entry", bound=Keyed)


class KeyedRegistry(Generic[Entry]):
    # What an entry is, for the message when a key is registered twice ("link provider").
    entry_name = "entry"

    def __init__(self, entry_name: str | None = None):
        if entry_name is not None:
            self.entry_name = entry_name
        self._entries: dict[str, Entry] = {}

    def register(self, entry: Entry) -> Entry:
        if entry.key in self._entries:
            raise ValueError(
                f"A {self.entry_name} with the key {entry.key!r} is already registered."
            )
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    def keys(self) -> list[str]:
        return list(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        # A copy: a test or an app may unregister while others read.
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)
