"""Runs every benchmark, or those named (`python -m bench live`); each prints ratios of
alternatives measured side by side in one run.

Benchmarks that use the database use the bench's own (DATABASE_URL's name + "_bench"), never
the tests' or the developer's: it is chosen here, before Django connects.
"""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic_platform.settings.test")
    from bench.pages import _database_ensure, bench_database_url

    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = bench_database_url(os.environ["DATABASE_URL"])
        _database_ensure(os.environ["DATABASE_URL"])
    django.setup()
    from bench import channel_layers, consultations, live, municipal_import, pages, search

    chosen = set(sys.argv[1:])
    for benchmark in (channel_layers, pages, consultations, live, search, municipal_import):
        if chosen and benchmark.__name__.removeprefix("bench.") not in chosen:
            continue
        print(f"== {benchmark.__name__}")
        benchmark.run()


if __name__ == "__main__":
    main()
