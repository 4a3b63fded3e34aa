"""Anonymous page views served from the shared cache, dropped whenever published content changes.

Most visitors are anonymous and see the same page, so a page is rendered once and then served
from the cache (Redis at scale) until anything is published, unpublished, moved, deleted or
imported: every such write calls `page_cache_invalidate()`, which starts a new generation of
keys, so no visitor sees a page older than the last publish. `PAGE_CACHE_SECONDS` bounds the
age of what time alone changes (a deadline passing).

Content that changes often without a publish (a consultation's comments) drops only its own
addresses with `page_cache_invalidate_paths()`: each address prefix may have a generation of
its own, read with the site's generation in the same round trip, so a new comment renews one
page and its API, not the whole site's cache.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"
PATH_GENERATION_KEY = "page-cache:path-generation:"
# An address has a generation of its own at one of its first few segments at most.
PATH_GENERATION_DEPTH = 6
# Only requests carrying nothing but these cookies get the shared copy; any other cookie
# (a session, pending messages) may change what the page shows.
HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
UNCACHED_SECTIONS = ("accounts/", "jsi18n/")
API_PREFIX = "/api/"
# Health must say what is true now.
UNCACHED_API_PATHS = ("/api/v1/health/",)


def page_cache_invalidate() -> None:
    """Forget every cached page, now and again when the current transaction commits.

    Now, for the writer's next read; at commit, so that a page rendered from the old data while
    the transaction was open is not kept either.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def page_cache_invalidate_paths(prefixes) -> None:
    """Forget the cached answers of every address starting with one of `prefixes` (paths such
    as "/az/consultations/budget-2027/", whole segments), now and when the transaction commits.
    """
    prefixes = [prefix for prefix in prefixes if prefix]
    if not prefixes:
        return

    def renew():
        cache.set_many(
            {_path_generation_key(prefix): uuid.uuid4().hex for prefix in prefixes},
            timeout=None,
        )

    renew()
    transaction.on_commit(renew)


def _path_generation_key(prefix: str) -> str:
    # Addresses hold any character; a digest makes a key every cache backend accepts.
    return PATH_GENERATION_KEY + hashlib.sha256(prefix.encode("utf-8")).hexdigest()[:32]


def _path_prefixes(path: str) -> list[str]:
    segments = [segment for segment in path.split("/") if segment][:PATH_GENERATION_DEPTH]
    return ["/" + "/".join(segments[:end]) + "/" for end in range(1, len(segments) + 1)]


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY, "")
    return generation


def _generation_of_path(path: str) -> str:
    """The site's generation and those of the address's prefixes, read in one round trip."""
    path_keys = [_path_generation_key(prefix) for prefix in _path_prefixes(path)]
    found = cache.get_many([GENERATION_KEY, *path_keys])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _generation()
    return ":".join([generation, *(found.get(key, "") for key in path_keys)])


def cached_for_generation(name: str, compute, *, timeout: int | None = None):
    """A value shared by every page (the navigation), computed once per content generation.

    It changes only when content is published, which starts a new generation.
    """
    key = f"page-cache:{_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout or settings.PAGE_CACHE_SECONDS or 60)
    return value


def _language_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _ in settings.LANGUAGES)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not set(request.COOKIES) <= HARMLESS_COOKIES:
        return False
    path = request.path_info
    if path.startswith(API_PREFIX):
        return not path.startswith(UNCACHED_API_PATHS)
    prefix = next((p for p in _language_prefixes() if path.startswith(p)), None)
    if prefix is None:
        return False
    return not path[len(prefix) :].startswith(UNCACHED_SECTIONS)


def _cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request) -> str:
    # The API answers JSON or its browsable HTML depending on Accept: both are part of the key.
    address = f"{request.get_full_path()}\n{request.META.get('HTTP_ACCEPT', '')}"
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()
    return f"page-cache:{request.get_host()}:{digest}"


@dataclass(frozen=True)
class _Entry:
    generation: str
    expires: float  # time.time() after which the entry is not served
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


class _RecentEntries:
    """The most recently served entries of this process, so that a hit costs one tiny cache
    read (the generation) rather than the transfer and decoding of the whole page."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, generation: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.generation != generation or entry.expires < time.time():
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


_recent = _RecentEntries(size=256)


class AnonymousPageCacheMiddleware:
    """Serves anonymous GETs of public pages and API lists from the cache.

    It sits after authentication. A cached answer costs next to nothing, so it is not counted
    against the API throttle, which guards the work of building one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        generation = _generation_of_path(request.path_info)
        entry = _recent.get(key, generation)
        if entry is None:
            entry = cache.get(key)
            if entry is not None and entry.generation == generation:
                _recent.put(key, entry)
            else:
                entry = None
        if entry is not None:
            return entry.response()
        response = self.get_response(request)
        if _cacheable_response(request, response):
            entry = _Entry(
                generation=generation,
                expires=time.time() + seconds,
                status=response.status_code,
                headers=tuple(response.items()),
                content=response.content,
            )
            cache.set(key, entry, timeout=seconds)
            _recent.put(key, entry)
            response["X-Page-Cache"] = "miss"
        return response
