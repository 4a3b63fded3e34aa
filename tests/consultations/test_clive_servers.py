"""The live layer in real daphne processes on the Redis channel layer, as deployed: a burst of
handshakes queues and every one succeeds; two workers serve one consultation's pages alike."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

from tests.consultations.live_helpers import (
    comment_posted,
    consultation,
    database_url,
    running_daphne,
)
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
        # TODO(ccomments): POST /api/v1/consultations/<id>/comments/ to worker A once the
        # comments API is merged; meanwhile this process records them as the service will.
        comments = [
            await sync_to_async(comment_posted)(page, f"<p>Təklif {number}</p>")
            for number in range(1, 4)
        ]
        for socket in (on_a, on_b):
            events = await _events(socket, 3)
            assert [event["comment"]["id"] for event in events] == [c.pk for c in comments]
            ids = [event["id"] for event in events]
            assert ids == sorted(set(ids))
            await socket.close()
