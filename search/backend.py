"""The search backend chosen by configuration: Elasticsearch when ELASTICSEARCH_URL is set,
the database otherwise. Every caller gets its client from here."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

from civic_platform.health import DOWN, OK, ComponentHealth


def elasticsearch_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=4)
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # orjson: a bulk of a rebuild or a drain spent a quarter of its time in the standard json
    # module (bench/search.py, issue 11).
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=1,
        retry_on_timeout=False,
        serializer=OrjsonSerializer(),
    )


def elasticsearch_client() -> Elasticsearch:
    if not elasticsearch_enabled():
        raise RuntimeError("ELASTICSEARCH_URL is not set; the database search backend is in use.")
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def backend_name() -> str:
    return "elasticsearch" if elasticsearch_enabled() else "database"


def backend_status() -> str:
    """'ok', or a short reason the backend cannot serve searches."""
    if not elasticsearch_enabled():
        return "ok"
    try:
        health = elasticsearch_client().cluster.health(timeout="2s")
    except Exception as error:  # noqa: BLE001 - any transport failure means "not ok"
        return f"unreachable: {type(error).__name__}"
    status = health.get("status")
    return "ok" if status in ("green", "yellow") else f"cluster status {status}"


def search_health() -> ComponentHealth:
    status = backend_status()
    return ComponentHealth(OK, "ok") if status == "ok" else ComponentHealth(DOWN, status)
