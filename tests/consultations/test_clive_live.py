"""The live socket of a consultation on the real Redis channel layer, in the test's process:
one subscription per consultation per process, visibility, the session user, viewer counts, and
what a Redis outage does to a post and to the open pages."""

import asyncio
import json
import logging
import time

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from civic_platform.asgi import application
from civic_platform.consumers import CLOSE_NOT_FOUND
from civic_platform.live_hub import live_hub
from consultations.groups import consultation_group
from consultations.models import LiveEvent
from tests.consultations.live_helpers import (
    SAME_ORIGIN,
    OwnRedis,
    comment_posted,
    consultation,
    events_only,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"origin", SAME_ORIGIN.encode())]


@pytest.fixture
def fast_viewer_counts(settings):
    settings.LIVE_VIEWERS_PUSH_SECONDS = 0.05


async def _open(consultation_id: int, headers=HEADERS) -> WebsocketCommunicator:
    """A page's socket, once it listens: handshakes are accepted first and then queue for
    their checks, so the test waits until the process's hub counts it."""
    hub, group = live_hub(), consultation_group(consultation_id)
    before = hub.local_count(group)
    socket = WebsocketCommunicator(application, f"/ws/consultations/{consultation_id}/", headers)
    connected, _ = await socket.connect(timeout=10)
    assert connected
    deadline = time.monotonic() + 10
    while hub.local_count(group) <= before:
        assert time.monotonic() < deadline, "the socket never joined its consultation"
        await asyncio.sleep(0.01)
    return socket


async def _next(socket: WebsocketCommunicator, *, skip=("viewers",), timeout=10) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await socket.receive_from(max(0.01, deadline - time.monotonic())))
        if message["type"] not in skip:
            return message


async def _frames_within(socket: WebsocketCommunicator, seconds: float) -> list[str]:
    frames = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if await socket.receive_nothing(timeout=left, interval=0.02):
            break
        frames.append(await socket.receive_from())
    return frames


async def _viewers(socket: WebsocketCommunicator, expected: int) -> None:
    """Viewer counts are pushed as they settle: waits for the one expected."""
    deadline = time.monotonic() + 10
    seen = []
    while time.monotonic() < deadline:
        message = await _next(socket, skip=(), timeout=deadline - time.monotonic())
        if message["type"] == "viewers":
            assert set(message) == {"type", "count"}
            seen.append(message["count"])
            if message["count"] == expected:
                return
    raise AssertionError(f"viewer counts seen {seen}, never {expected}")


async def test_a_comment_reaches_every_open_page_of_its_consultation_and_no_other():
    page = await sync_to_async(consultation)()
    other = await sync_to_async(consultation)("Yerli büdcə")
    first, second, elsewhere = [await _open(pk) for pk in (page.pk, page.pk, other.pk)]

    comment = await sync_to_async(comment_posted)(page)

    received = [await _next(socket) for socket in (first, second)]
    assert received[0] == received[1]
    assert received[0]["type"] == "comment.created"
    assert received[0]["id"] == comment.event_id
    assert received[0]["comment"]["id"] == comment.pk
    assert received[0]["comment"]["body_html"] == "<p>Təhsilə daha çox vəsait.</p>"
    assert events_only(await _frames_within(elsewhere, 0.5)) == []
    for socket in (first, second, elsewhere):
        await socket.disconnect()


async def test_a_process_holds_one_group_membership_however_many_pages_it_serves():
    page = await sync_to_async(consultation)()
    layer = get_channel_layer()
    group_key = layer._group_key(consultation_group(page.pk))
    sockets = [await _open(page.pk) for _ in range(5)]
    assert await layer.connection(0).zcard(group_key) == 1
    for socket in sockets:
        await socket.disconnect()
    # The last page leaving takes the process out of the group.
    assert await layer.connection(0).zcard(group_key) == 0


async def test_successive_comments_arrive_in_order_with_increasing_ids():
    page = await sync_to_async(consultation)()
    socket = await _open(page.pk)
    comments = [await sync_to_async(comment_posted)(page, f"<p>{n}</p>") for n in range(5)]
    received = [await _next(socket) for _ in comments]
    assert [m["comment"]["id"] for m in received] == [c.pk for c in comments]
    ids = [m["id"] for m in received]
    assert ids == sorted(ids) and len(set(ids)) == 5
    await socket.disconnect()


async def test_an_unpublished_consultation_is_refused_with_4404():
    page = await sync_to_async(consultation)(live=False)
    socket = WebsocketCommunicator(application, f"/ws/consultations/{page.pk}/", HEADERS)
    await socket.connect(timeout=10)
    closed = await socket.receive_output(timeout=5)
    assert (closed["type"], closed["code"]) == ("websocket.close", CLOSE_NOT_FOUND)
    assert live_hub().local_count(consultation_group(page.pk)) == 0


async def test_the_signed_in_user_of_the_session_reaches_the_socket_and_anonymous_pages_listen():
    page = await sync_to_async(consultation)()
    user = await sync_to_async(UserFactory)()
    browser = Client()
    await sync_to_async(browser.force_login)(user)
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}".encode())
    signed_in = await _open(page.pk, [*HEADERS, cookie])
    anonymous = await _open(page.pk)

    sockets = live_hub().subscriptions[consultation_group(page.pk)].sockets
    users = {consumer.scope["user"].pk for consumer in sockets}
    assert users == {user.pk, None}
    await sync_to_async(comment_posted)(page)
    for socket in (signed_in, anonymous):
        # A "resync" may come first when an earlier test's loop left the hub resubscribing.
        assert (await _next(socket, skip=("viewers", "resync")))["type"] == "comment.created"
        await socket.disconnect()


async def test_whatever_a_client_sends_is_ignored_and_the_page_keeps_listening():
    page = await sync_to_async(consultation)()
    socket = await _open(page.pk)
    for frame in ("not json", '{"type": "comment.created", "id": 1}', "[1]"):
        await socket.send_to(text_data=frame)
    await socket.send_to(bytes_data=b"\x00\xff")
    await sync_to_async(comment_posted)(page)
    assert (await _next(socket))["type"] == "comment.created"
    await socket.disconnect()


async def test_pages_see_how_many_people_view_across_processes_and_a_crashed_process_stops_counting(
    fast_viewer_counts,
):
    page = await sync_to_async(consultation)()
    prefix = django_settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
    key = f"{prefix}:viewers:{consultation_group(page.pk)}"
    shared = redis.Redis.from_url(django_settings.REDIS_URL)
    now = time.time()
    # Another process counting 3 pages, and a crashed one whose count expired.
    shared.hset(key, mapping={"other-process": f"3 {now + 30:.0f}", "crashed": f"50 {now - 1:.0f}"})

    first = await _open(page.pk)
    await _viewers(first, 4)
    second = await _open(page.pk)
    await _viewers(first, 5)
    await _viewers(second, 5)
    await second.disconnect()
    await _viewers(first, 4)
    assert b"crashed" not in shared.hkeys(key)
    await first.disconnect()
    shared.delete(key)


# --- Redis down ------------------------------------------------------------------------------


def _layer_on(url: str) -> dict:
    layer = json.loads(json.dumps(django_settings.CHANNEL_LAYERS))
    layer["default"]["CONFIG"]["hosts"][0]["address"] = url
    return layer


@pytest.fixture
def own_redis(tmp_path, settings):
    """The channel layer on a redis-server of this test's own, which it may stop or pause."""
    server = OwnRedis(tmp_path)
    server.start()
    settings.CHANNEL_LAYERS = _layer_on(server.url)
    settings.REDIS_URL = server.url
    yield server
    server.resume()
    server.stop()


def test_a_post_is_saved_and_answers_at_once_when_redis_is_unreachable(settings, caplog):
    page = consultation()
    dead = OwnRedis(None)  # a free port nobody listens on
    settings.CHANNEL_LAYERS = _layer_on(dead.url)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="consultations.live"):
        comment = comment_posted(page)
    assert time.monotonic() - started < 2
    assert LiveEvent.objects.filter(comment=comment, pk=comment.event_id).exists()
    assert "pages catch up later" in caplog.text


def test_a_post_waits_no_longer_than_the_broadcast_timeout_when_redis_hangs(own_redis, settings):
    page = consultation()
    settings.LIVE_BROADCAST_TIMEOUT = 1.0
    own_redis.pause()
    started = time.monotonic()
    comment = comment_posted(page)
    # Far below the 10 s a silent Redis would otherwise hold a connection for.
    assert time.monotonic() - started < 4
    assert LiveEvent.objects.filter(comment=comment).exists()


async def test_open_pages_are_told_to_catch_up_once_redis_is_back_and_receive_again(own_redis):
    page = await sync_to_async(consultation)()
    socket = await _open(page.pk)
    own_redis.stop()
    missed = await sync_to_async(comment_posted)(page, "<p>Redis yoxdur.</p>")
    own_redis.start()

    assert (await _next(socket, timeout=20))["type"] == "resync"
    after = await sync_to_async(comment_posted)(page, "<p>Redis qayıtdı.</p>")
    message = await _next(socket)
    assert message["comment"]["id"] == after.pk
    assert message["id"] > missed.event_id
    await socket.disconnect()
