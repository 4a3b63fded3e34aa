"""The live layer in real daphne processes on the Redis channel layer, as deployed: a burst of
handshakes queues and every one succeeds; two workers serve one consultation's pages alike, and
a person's limit of comments a minute holds exactly whichever worker takes each post."""

import asyncio
import json
import time
import urllib.error
import urllib.request

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string
from websockets.asyncio.client import connect

from tests.consultations.live_helpers import (
    comment_posted,
    consultation,
    database_url,
    running_daphne,
)
from tests.factories import UserFactory
from tests.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 150


async def _open(port: int, consultation_id: int):
    return await connect(
        f"ws://127.0.0.1:{port}/ws/consultations/{consultation_id}/",
        origin=f"http://127.0.0.1:{port}",
        open_timeout=90,
    )


async def _events(socket, count: int, timeout=20) -> list[dict]:
    events = []
    async with asyncio.timeout(timeout):
        while len(events) < count:
            message = json.loads(await socket.recv())
            if message["type"] not in ("viewers", "resync"):
                events.append(message)
    return events


def _signed_in_cookies() -> dict[str, str]:
    """A session of a participant with a verified email, and a CSRF cookie, as a browser holds
    after signing in; both workers read the session from the shared database."""
    client = Client()
    client.force_login(UserFactory())
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: get_random_string(32),
    }


def _post_comment(port: int, consultation_id: int, cookies: dict[str, str], body: str):
    """POST /api/v1/consultations/<id>/comments/ as the page's script does: (status, JSON)."""
    request = urllib.request.Request(  # noqa: S310 - a local server of the test's own
        f"http://127.0.0.1:{port}/api/v1/consultations/{consultation_id}/comments/",
        data=json.dumps({"body": body}).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Language": "en",
            "Origin": f"http://127.0.0.1:{port}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME],
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


async def _viewer_count_reaches(socket, expected: int, timeout=20) -> None:
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == "viewers" and message["count"] == expected:
                return


async def test_a_burst_of_simultaneous_handshakes_queues_and_every_page_receives_the_next_comment(
    tmp_path,
):
    page = await sync_to_async(consultation)()
    # Few connections and few handshakes at a time: the burst must wait for them, not fail.
    env = child_env(
        DATABASE_URL=database_url(),
        CHANNEL_LAYER_MAX_CONNECTIONS="3",
        LIVE_HANDSHAKE_CONCURRENCY="4",
    )
    with running_daphne(env, log=tmp_path / "daphne.log") as port:
        results = await asyncio.gather(
            *(_open(port, page.pk) for _ in range(BURST)), return_exceptions=True
        )
        failures = [repr(result) for result in results if isinstance(result, BaseException)]
        assert failures == [], (failures[:3], (tmp_path / "daphne.log").read_text()[-2000:])

        # Accepted sockets queue for their checks: once all of them count, all listen.
        await _viewer_count_reaches(results[0], BURST, timeout=90)
        comment = await sync_to_async(comment_posted)(page)

        received = await asyncio.gather(*(_events(socket, 1) for socket in results))
        assert {events[0]["comment"]["id"] for events in received} == {comment.pk}
        await asyncio.gather(*(socket.close() for socket in results))
    assert "Traceback" not in (tmp_path / "daphne.log").read_text()


async def test_comments_and_viewer_counts_reach_pages_held_by_either_of_two_workers_in_order(
    tmp_path,
):
    page = await sync_to_async(consultation)()
    env = child_env(DATABASE_URL=database_url())
    with (
        running_daphne(env, log=tmp_path / "a.log") as worker_a,
        running_daphne(env, log=tmp_path / "b.log") as worker_b,
    ):
        on_a = await _open(worker_a, page.pk)
        on_b = await _open(worker_b, page.pk)
        # Both workers count both pages.
        await _viewer_count_reaches(on_a, 2)
        await _viewer_count_reaches(on_b, 2)
        cookies = await sync_to_async(_signed_in_cookies)()
        posted = []
        for number in range(1, 4):
            status, comment = await asyncio.to_thread(
                _post_comment, worker_a, page.pk, cookies, f"Təklif {number}"
            )
            assert status == 201, comment
            posted.append(comment["id"])
        for socket in (on_a, on_b):
            events = await _events(socket, 3)
            assert [event["type"] for event in events] == ["comment.created"] * 3
            assert [event["comment"]["id"] for event in events] == posted
            assert "Təklif 3" in events[-1]["comment"]["body_html"]
            ids = [event["id"] for event in events]
            assert ids == sorted(set(ids))
            # Nothing more: each comment arrived once, though the group has two workers.
            with pytest.raises(TimeoutError):
                await _events(socket, 1, timeout=1)
            await socket.close()


async def test_a_participant_posting_to_both_workers_in_turn_gets_exactly_the_minute_limit(
    tmp_path,
):
    page = await sync_to_async(consultation)()
    limit = 3
    env = child_env(DATABASE_URL=database_url(), CONSULTATION_COMMENTS_PER_MINUTE=str(limit))
    cookies = await sync_to_async(_signed_in_cookies)()
    with (
        running_daphne(env, log=tmp_path / "a.log") as worker_a,
        running_daphne(env, log=tmp_path / "b.log") as worker_b,
    ):
        # Each worker answers once before the clock matters (its first request loads the app).
        for worker in (worker_a, worker_b):
            address = f"http://127.0.0.1:{worker}/api/v1/consultations/{page.pk}/comments/"
            (await asyncio.to_thread(urllib.request.urlopen, address, timeout=60)).close()
        # The limit counts per calendar minute: start early in one, so all posts share it.
        if time.time() % 60 > 40:
            await asyncio.sleep(60 - time.time() % 60)
        answers = [
            await asyncio.to_thread(
                _post_comment, worker, page.pk, cookies, f"Fikir nömrə {number}"
            )
            for number, worker in enumerate([worker_a, worker_b] * 2)
        ]
    assert [status for status, _ in answers] == [201] * limit + [429]
    assert f"You have posted {limit} comments in the last minute" in answers[-1][1]["detail"]
    count = await sync_to_async(page.comments.count)()
    assert count == limit
