"""Public pages against a trivial Django view, served by the same daphne process in one run.

Each page's requests per second is divided by the trivial view's, measured just before it,
round by round, so machine load falls on both alike; the median of the rounds is printed. The
server runs twice, with the anonymous page cache on (PAGE_CACHE_SECONDS=300) and off (0).

The pages are served from a database of their own (the DATABASE_URL's name + "_bench"),
migrated and filled with the site structure and the plan before the first run.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management import get_commands
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/bench-trivial/"
PAGES = [
    ("home", "/az/"),
    ("plan", "/az/plan/"),
    ("measure 5.5", "/az/plan/5/5-5/"),
    ("API measures", "/api/v1/measures/"),
]
CACHE_SETTINGS = [("cached", "300"), ("uncached", "0")]
AIM = "aim: cached >= 0.5"

ROUNDS = 3
CLIENT_THREADS = 4
SECONDS_PER_MEASUREMENT = 1.0
MAX_REQUESTS_PER_MEASUREMENT = 3000
WARM_UP_REQUESTS = 5
SERVER_START_SECONDS = 60
PREPARE_SECONDS = 300


def _progress(line: str) -> None:
    print(f"  {line}", flush=True)


# --- The bench database ----------------------------------------------------------------------


def bench_database_url(database_url: str) -> str:
    """The same server, a database of the bench's own: the pages must not be the test's."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"bench.pages needs PostgreSQL (DATABASE_URL is {parts.scheme}://...).")
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        name = f"{name}_bench"
    return urlunsplit(parts._replace(path=f"/{name}"))


def _database_ensure(database_url: str) -> None:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            _progress(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _manage(env: dict, *arguments: str) -> None:
    started = time.perf_counter()
    finished = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(PROJECT_ROOT / "manage.py"), *arguments, "--verbosity", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PREPARE_SECONDS,
        check=False,
    )
    if finished.returncode != 0:
        raise SystemExit(f"manage.py {arguments[0]} failed:\n{finished.stderr[-2000:]}")
    _progress(f"manage.py {' '.join(arguments)}: {time.perf_counter() - started:.0f} s")


def prepare_database(env: dict) -> None:
    _database_ensure(env["DATABASE_URL"])
    # `ensure_site_structure` is the site's skeleton; older trees had it in load_demo_content.
    site_command = (
        "ensure_site_structure"
        if "ensure_site_structure" in get_commands()
        else "load_demo_content"
    )
    for command in ("migrate", site_command, "import_action_plan"):
        _manage(env, command)


# --- The server ------------------------------------------------------------------------------


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    env: dict, log_dir: Path, label: str, application: str = "civic_platform.asgi:application"
) -> Server:
    port = _free_loopback_port()
    log = log_dir / f"daphne-{label}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - daphne from this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                application,
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, port=port, log=log)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"daphne stopped while starting:\n{server.log_tail()}")
        try:
            if _get_status(port, TRIVIAL) == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise SystemExit(f"daphne did not answer within {SERVER_START_SECONDS} s:\n{server.log_tail()}")


# --- The client ------------------------------------------------------------------------------


def _get_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class _Load:
    """A bounded burst of GETs of one path from a few threads on kept-alive connections."""

    def __init__(self, port: int, path: str):
        self.port = port
        self.path = path
        self.lock = threading.Lock()
        self.sent = 0
        self.completed = 0
        self.failure: str | None = None
        self.deadline = 0.0

    def _claim(self) -> bool:
        with self.lock:
            if self.failure or self.sent >= MAX_REQUESTS_PER_MEASUREMENT:
                return False
            if time.perf_counter() >= self.deadline:
                return False
            self.sent += 1
            return True

    def _client(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            while self._claim():
                connection.request("GET", self.path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    with self.lock:
                        self.failure = f"{self.path} answered {response.status}"
                    return
                with self.lock:
                    self.completed += 1
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.failure = f"{self.path}: {error!r}"
        finally:
            connection.close()

    def requests_per_second(self) -> float:
        threads = [threading.Thread(target=self._client) for _ in range(CLIENT_THREADS)]
        started = time.perf_counter()
        self.deadline = started + SECONDS_PER_MEASUREMENT
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        if self.failure:
            raise SystemExit(f"bench.pages stopped: {self.failure}")
        return self.completed / elapsed


def measure_ratios(server: Server) -> dict[str, float]:
    """Median over the rounds of (page requests/s) / (trivial view requests/s)."""
    for _, path in [("trivial", TRIVIAL), *PAGES]:
        for _ in range(WARM_UP_REQUESTS):
            status = _get_status(server.port, path)
            if status != 200:
                raise SystemExit(f"bench.pages stopped: {path} answered {status}")
    ratios: dict[str, list[float]] = {name: [] for name, _ in PAGES}
    for round_number in range(1, ROUNDS + 1):
        for name, path in PAGES:
            trivial = _Load(server.port, TRIVIAL).requests_per_second()
            page = _Load(server.port, path).requests_per_second()
            ratios[name].append(page / trivial)
        latest = ", ".join(f"{name} {values[-1]:.2f}" for name, values in ratios.items())
        _progress(f"round {round_number}/{ROUNDS}: {latest}")
    return {name: statistics.median(values) for name, values in ratios.items()}


# --- The benchmark ---------------------------------------------------------------------------


def run() -> None:
    started = time.perf_counter()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic_platform.settings.test",
        "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]),
    }
    print(f"bench database: {urlsplit(env['DATABASE_URL']).path.lstrip('/')}", flush=True)
    prepare_database(env)

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as log_dir:
        for label, cache_seconds in CACHE_SETTINGS:
            server_env = {
                **env,
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "PAGE_CACHE_SECONDS": cache_seconds,
                # A fresh key prefix: no page cached by an earlier run is served in this one.
                "CACHE_KEY_PREFIX": f"civic-bench-{uuid.uuid4().hex[:12]}",
            }
            print(f"daphne with PAGE_CACHE_SECONDS={cache_seconds} ({label})", flush=True)
            server = start_server(server_env, Path(log_dir), label)
            try:
                results[label] = measure_ratios(server)
            finally:
                server.stop()

    labels = [label for label, _ in CACHE_SETTINGS]
    print(
        f"requests/s of each page / requests/s of a trivial Django view on the same daphne "
        f"process (median of {ROUNDS} rounds, {CLIENT_THREADS} client threads, loopback):"
    )
    print(f"  {'page':<32}" + "".join(f"{label:>10}" for label in labels))
    for name, path in PAGES:
        row = "".join(f"{results[label][name]:>10.2f}" for label in labels)
        print(f"  {f'{name} {path}':<32}{row}")
    print(f"  {AIM}; whole bench {time.perf_counter() - started:.0f} s")
