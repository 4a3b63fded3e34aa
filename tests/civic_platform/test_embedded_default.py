"""The `make run` configuration: SQLite, in-memory channel layer, database search, no services."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

from tests.processes import ROOT, child_env, run_python

EMBEDDED_ONLY = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.geturl(), response.read().decode()


def test_the_embedded_default_serves_the_home_page_without_any_service(tmp_path):
    env = child_env(drop=EMBEDDED_ONLY, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    # The same steps as `make run`.
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["ensure_site_structure"],
        ["import_action_plan"],
        ["load_demo_content"],
        # What `make run`'s worker does first: index what the import recorded.
        ["search_drain"],
    ):
        run_python(["manage.py", *command], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "civic_platform.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, final_url, html = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert status == 200
        assert final_url.endswith("/az/")
        assert '<html lang="az">' in html
        assert "Açıq Hökumət Platforması" in html
        _, _, measure = _get(f"http://127.0.0.1:{port}/az/plan/5/5-5/")
        assert "İctimai şuraların əhəmiyyətinin artırılması" in measure
        _, _, measures = _get(f"http://127.0.0.1:{port}/api/v1/measures/?limit=1")
        assert json.loads(measures)["count"] == 64
        # SQLite's full-text search parses quotes and operators: a stray one must not fail.
        for query in ('"x', 'x"', "OR", "x AND", "NOT", "(x", "x*", "^x", "NEAR(", "-x", ":"):
            status, _, _ = _get(f"http://127.0.0.1:{port}/az/search/?q={quote(query)}")
            assert status == 200, query
        _, _, health = _get(f"http://127.0.0.1:{port}/api/v1/health/")
        assert json.loads(health)["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=20)
    backends = run_python(
        [
            "-c",
            "import django, json; django.setup();"
            "from civic_platform.health import backends_in_use;"
            "print(json.dumps(backends_in_use()))",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "civic_platform.settings.dev"},
        check=True,
    )
    found = run_python(
        [
            "-c",
            "import django; django.setup();"
            "from search.selectors import search;"
            "results = search(query='budce muzakire', language='az', doc_types=['measure']);"
            "print(results.backend, results.hits[0].title);"
            "phrase = search(query='\"dovlet budcesinin layihesi\"', language='az',"
            " facets=True, selections={'area': ['2']});"
            "print(phrase.total > 0, [facet.name for facet in phrase.facets][:2],"
            " search(query='budcw', language='az', suggest=True).suggestion)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "civic_platform.settings.dev"},
        check=True,
    )
    # Typed without Azerbaijani letters and uninflected, on SQLite.
    lines = found.stdout.strip().splitlines()
    assert lines[-2].startswith("database 2.2. Dövlət büdcəsinin")
    # A phrase, facets and "did you mean" on SQLite too.
    assert lines[-1] == "True ['type', 'area'] büdcə"
    assert json.loads(backends.stdout.strip().splitlines()[-1]) == {
        "database": "sqlite",
        "cache": "LocMemCache",
        "channel_layer": "InMemoryChannelLayer",
        "search": "database",
    }
