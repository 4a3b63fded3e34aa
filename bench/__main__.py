"""Runs every benchmark; each prints ratios of alternatives measured side by side in one run."""

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic_platform.settings.test")
    django.setup()
    from bench import channel_layers, pages

    for benchmark in (channel_layers, pages):
        print(f"== {benchmark.__name__}")
        benchmark.run()


if __name__ == "__main__":
    main()
