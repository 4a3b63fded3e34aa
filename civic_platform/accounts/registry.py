"""What each app holds about a person, and what it does when that person's account goes.

The account pages gather a person's data and delete their account without importing the apps
that hold it. An app registers, in its AppConfig.ready():
- a personal-data provider: a key (the name of its part in the download) and a function giving
  that person's data as JSON-ready values (dicts, lists, strings, numbers, booleans, None);
- a deletion handler: a function removing or detaching that person's data, run inside the
  deletion's transaction before the user row goes.

Example, in organisations/apps.py:

    from civic_platform.accounts import registry

    registry.personal_data.register(
        registry.PersonalDataProvider(key="organisation_memberships", collect=memberships_of)
    )
    registry.deletion_handlers.register(
        registry.DeletionHandler(key="organisation_memberships", delete=memberships_end)
    )

Content a person published (comments, answers) keeps a nullable author with
on_delete=SET_NULL and shows it through `civic_platform.accounts.authorship`; a handler is
needed only for what must go with the person or must be settled first (the last representative
of an organisation). Unlike the plan's linked items, a failing provider or handler is not
skipped: an incomplete download or a half-done deletion would be worse than an error, and the
deletion's transaction rolls back whatever the handlers did.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from civic_platform.registries import KeyedRegistry


@dataclass(frozen=True)
class PersonalDataProvider:
    key: str  # the name of this part in the download, e.g. "follows"
    collect: Callable[[Any], Any]  # collect(user) -> JSON-ready data


@dataclass(frozen=True)
class DeletionHandler:
    key: str
    delete: Callable[[Any], None]  # delete(user), inside the deletion's transaction


personal_data: KeyedRegistry[PersonalDataProvider] = KeyedRegistry("personal-data provider")
deletion_handlers: KeyedRegistry[DeletionHandler] = KeyedRegistry("deletion handler")
