"""Live fan-out and comment posting, on a real daphne and the Redis channel layer.

Fan-out: CLIENTS WebSocket clients (this process) listen to one consultation served by one
daphne process; comments are posted at 1 and at 10 per second; each client notes when each
event arrives. Printed per design and rate: post-to-receive latency p50/p95/p99 and delivered /
expected. The designs run side by side in the same run and server: the hub (the project's
`/ws/consultations/<id>/`) and the former one socket = one group member consumer
(bench.asgi), so the ratio of their p99 is what the hub buys on this machine.

Posting: p50/p95 of posting a comment through the comment service (rules, sanitising, duplicate
check, rate limit, save, counters, live event, broadcast after commit) against the same database
and Redis, with a plain ORM insert of a comment as the yardstick. The bench's author has a
verified email, and the limits of comments a minute and a day are raised for this run only, so
every post is counted and none refused.

Timings are printed, never asserted. The database is the bench's own (bench.pages).
"""

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from bench.asgi import PER_SOCKET_PATH
from bench.pages import PROJECT_ROOT, _database_ensure, _manage, start_server
from civic_platform.organisations.models import Kind, Organisation, Region
from consultations.choices import ConsultationKind
from consultations.models import Comment, ConsultationIndexPage, ConsultationPage, DiscussionTally
from consultations.services.comments import comment_create

CLIENTS = 1000
CLIENT_PROCESSES = 2
# (posts per second, seconds of posting)
RATES = [(1, 12), (10, 5)]
# After the last post: what has not arrived by then counts as lost.
DRAIN_SECONDS = 3.0
POSTS_FOR_TIMING = 150
AIM = "aim: hub p99 < 250 ms at 1 post/s with nothing lost"
# The bench posts hundreds of comments a minute as one person: far above the real limits
# (5 a minute, 50 a day), which are still checked and counted on every post.
POSTING_LIMITS = {
    "CONSULTATION_COMMENTS_PER_MINUTE": 1_000_000,
    "CONSULTATION_COMMENTS_PER_DAY": 1_000_000,
}

DESIGNS = [("hub", "ws/consultations/"), ("per-socket group", PER_SOCKET_PATH)]


def _progress(line: str) -> None:
    print(f"  {line}", flush=True)


# --- Data ------------------------------------------------------------------------------------


def _consultation(title: str):
    call_command("ensure_site_structure", verbosity=0)
    index = ConsultationIndexPage.objects.get(locale__language_code="az")
    owner, _ = Organisation.objects.get_or_create(
        slug="bench-maliyye",
        defaults={"name": "Maliyyə Nazirliyi", "kind": Kind.STATE_BODY, "region": Region.BAKU},
    )
    now = timezone.now()
    page = index.add_child(
        instance=ConsultationPage(
            title=title,
            slug=f"bench-{int(time.time() * 1000)}",
            kind=ConsultationKind.DRAFT_STATE_BUDGET,
            fiscal_year=2027,
            owner_organisation=owner,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
        )
    )
    DiscussionTally.objects.get_or_create(consultation=page)
    return page


def _author():
    """A participant allowed to comment: signed up with a verified email address. Loaded
    afresh for each post, as a request loads its user, so the rules' checks are measured."""
    author, created = get_user_model().objects.get_or_create(
        username="bench-author", defaults={"email": "bench-author@example.org"}
    )
    if created:
        EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
    return author


def comment_post(page, body: str):
    """Posting a comment as the platform does (the API and the form call the same service).
    The body must differ from the author's earlier ones: the same text twice in ten minutes is
    refused."""
    return comment_create(consultation=page, author=_author(), body=body)


def comment_insert_only(page, body: str):
    return Comment.objects.create(consultation=page, body=body)


# --- Fan-out ---------------------------------------------------------------------------------


async def _start_clients(port: int, path: str) -> list[asyncio.subprocess.Process]:
    share = CLIENTS // CLIENT_PROCESSES
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.live_clients",
            f"ws://127.0.0.1:{port}/{path}",
            f"http://127.0.0.1:{port}",
            str(share),
            cwd=PROJECT_ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**26,
        )
        for _ in range(CLIENT_PROCESSES)
    ]
    return processes


async def _line(process: asyncio.subprocess.Process, timeout: float) -> dict:
    return json.loads(await asyncio.wait_for(process.stdout.readline(), timeout))


async def _post_at(page, rate: int, seconds: int) -> dict[int, float]:
    """Posts `rate` comments a second for `seconds`; returns event id -> time of posting."""
    posted: dict[int, float] = {}
    interval = 1.0 / rate
    started = time.perf_counter()
    for number in range(rate * seconds):
        await asyncio.sleep(max(0.0, started + number * interval - time.perf_counter()))
        at = time.time()
        comment = await sync_to_async(comment_post)(
            page, f"<p>Bench {page.pk}, {rate}/s, {number}</p>"
        )
        posted[comment.event_id] = at
    return posted


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _fan_out(port: int, path_prefix: str, page) -> dict:
    processes = await _start_clients(port, f"{path_prefix}{page.pk}/")
    connected = [await _line(process, 180) for process in processes]
    failed = sum(report["failed"] for report in connected)
    listening = sum(report["connected"] for report in connected)
    # Warm-up events until every client received one: all are subscribed (the hub's sockets
    # queue for their checks after the handshake).
    waiting = list(processes)
    for number in range(30):
        await sync_to_async(comment_post)(page, f"<p>warm-up {page.pk}, {number}</p>")
        still = []
        for process in waiting:
            try:
                await _line(process, 1.0)
            except TimeoutError:
                still.append(process)
        waiting = still
        if not waiting:
            break
    posted_by_rate = {}
    for rate, seconds in RATES:
        posted_by_rate[rate] = await _post_at(page, rate, seconds)
        await asyncio.sleep(DRAIN_SECONDS)
    arrivals: dict[int, list[float]] = {}
    for process in processes:
        process.stdin.close()
        report = await _line(process, 60)
        for event_id, times in report.items():
            arrivals.setdefault(int(event_id), []).extend(times)
        await process.wait()
    results = {}
    for rate, _ in RATES:
        posted = posted_by_rate[rate]
        latencies = [
            (arrived - at) * 1000
            for event_id, at in posted.items()
            for arrived in arrivals.get(event_id, [])
        ]
        expected = len(posted) * CLIENTS
        results[rate] = {
            "delivered": len(latencies),
            "expected": expected,
            "p50": _percentile(latencies, 0.50) if latencies else float("nan"),
            "p95": _percentile(latencies, 0.95) if latencies else float("nan"),
            "p99": _percentile(latencies, 0.99) if latencies else float("nan"),
            "failed_connects": failed + (CLIENTS - listening - failed),
        }
        row = results[rate]
        _progress(
            f"{rate}/s: p50 {row['p50']:.0f} ms, p99 {row['p99']:.0f} ms, "
            f"{row['delivered']}/{expected} delivered, {failed} connects failed"
        )
    return results


# --- Posting ---------------------------------------------------------------------------------


async def _posting(page) -> dict[str, tuple[float, float]]:
    timings: dict[str, list[float]] = {"post": [], "insert": []}
    for number in range(POSTS_FOR_TIMING):
        for name, call in (("insert", comment_insert_only), ("post", comment_post)):
            started = time.perf_counter()
            await sync_to_async(call)(page, f"<p>Şərh {page.pk}, {number}</p>")
            timings[name].append((time.perf_counter() - started) * 1000)
    return {
        name: (statistics.median(values), _percentile(values, 0.95))
        for name, values in timings.items()
    }


# --- The benchmark ---------------------------------------------------------------------------


async def _measure(port: int) -> tuple[dict, dict]:
    fan_out = {}
    for label, path_prefix in DESIGNS:
        page = await sync_to_async(_consultation)(f"Bench {label}")
        print(f"{CLIENTS} clients, design: {label}", flush=True)
        fan_out[label] = await _fan_out(port, path_prefix, page)
    page = await sync_to_async(_consultation)("Bench posting")
    return fan_out, await _posting(page)


def run() -> None:
    started = time.perf_counter()
    if not settings.REDIS_URL:
        raise SystemExit("REDIS_URL is not set: run through `make bench`.")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    _database_ensure(env["DATABASE_URL"])
    _manage(env, "migrate")
    with tempfile.TemporaryDirectory(prefix="civic-bench-live-") as log_dir:
        server = start_server(env, Path(log_dir), "live", application="bench.asgi:application")
        try:
            with override_settings(**POSTING_LIMITS):
                fan_out, posting = asyncio.run(_measure(server.port))
        finally:
            server.stop()

    print(
        f"post-to-receive latency, {CLIENTS} WebSocket clients on one consultation, one daphne, "
        "Redis channel layer, clients on the same machine:"
    )
    print(f"  {'design':<18}{'posts/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  delivered")
    for label, _ in DESIGNS:
        for rate, _ in RATES:
            row = fan_out[label][rate]
            print(
                f"  {label:<18}{rate:>8}{row['p50']:>9.0f}{row['p95']:>9.0f}{row['p99']:>9.0f}"
                f"  {row['delivered']}/{row['expected']}"
                + (f" ({row['failed_connects']} connects failed)" if row["failed_connects"] else "")
            )
    for rate, _ in RATES:
        hub, reference = fan_out["hub"][rate], fan_out["per-socket group"][rate]
        print(f"  p99 per-socket group / hub at {rate}/s = {reference['p99'] / hub['p99']:.1f}x")
    (post_p50, post_p95), (insert_p50, insert_p95) = posting["post"], posting["insert"]
    print(
        f"posting a comment (comment_create: checks, sanitise, save, live event, broadcast), "
        f"{POSTS_FOR_TIMING} posts: "
        f"p50 {post_p50:.1f} ms, p95 {post_p95:.1f} ms; a plain insert p50 {insert_p50:.1f} ms, "
        f"p95 {insert_p95:.1f} ms; ratio p50 {post_p50 / insert_p50:.1f}x"
    )
    print(f"  {AIM}; whole bench {time.perf_counter() - started:.0f} s")
