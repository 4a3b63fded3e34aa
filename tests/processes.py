"""Running the project in a separate process, as a user or an operator would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Set for the in-process browser tests only; a child process must not inherit it.
_NEVER_INHERITED = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def child_env(*, drop: tuple[str, ...] = (), **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _NEVER_INHERITED and key not in drop
    }
    env.update(overrides)
    return env


def run_python(args: list[str], *, env: dict[str, str], timeout: int = 300, check: bool = False):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
