"""Live fan-out once per process: one channel-layer subscription per group, however many sockets.

Measured on this project (issue 10): with one channel-layer group membership per socket, the
layer's per-socket dispatch dominated (p99 438 ms for 1,000 sockets at 1 post/s), while one
pre-encoded frame written to every socket took 75 ms. So a process holds ONE channel in a group
while at least one of its sockets listens to it; the hub receives each group message once and
writes the message's `frame` (text already encoded by the producer) to each local socket.

- Sockets `join(group, socket)` and `leave(group, socket)`; the first join subscribes the
  process (group_add of a process-level channel), the last leave unsubscribes.
- A group message is any dict with a `frame` string; the hub forwards only the frame.
- When the subscription fails (Redis down or restarted) the hub keeps trying; once subscribed
  again it sends RESYNC_FRAME to its sockets, since events of the outage reached nobody: pages
  then catch up from the database by event id.
- Viewer counts: each process keeps its number of sockets per group in a shared Redis hash with
  an expiry time per process (so a crashed process stops counting within VIEWERS_TTL), and
  pushes `{"type": "viewers", "count": N}` to the group when the number changes, at most once
  per LIVE_VIEWERS_PUSH_SECONDS per group and process.
- `admission` bounds the handshakes doing database and channel-layer work at once: a burst
  queues instead of exhausting the Redis or database connections.

There is one hub per event loop (daphne runs one; each test has its own).
"""

import asyncio
import contextlib
import json
import logging
import time
import uuid
import weakref
from typing import Protocol

from channels.layers import get_channel_layer
from django.conf import settings
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

logger = logging.getLogger(__name__)

RESYNC_FRAME = json.dumps({"type": "resync"})
# The hub's own group messages (viewer counts); consumers' producers use their own types.
HUB_MESSAGE_TYPE = "live.frame"
# How long a process's viewer count is believed without being refreshed.
VIEWERS_TTL = 30.0
HEARTBEAT_SECONDS = 10.0
# Waiting between attempts to subscribe again after an outage: doubles up to the maximum.
RESUBSCRIBE_FIRST_SECONDS = 0.2
RESUBSCRIBE_MAX_SECONDS = 5.0
# A handshake waits at most this long for its process's subscription before it is answered:
# with Redis down the socket is accepted anyway and gets RESYNC_FRAME once Redis is back.
JOIN_WAIT_SECONDS = 3.0
REDIS_CALL_SECONDS = 2.0


class LocalSocket(Protocol):
    async def send_frame(self, frame: str) -> None: ...


def viewers_frame(count: int) -> str:
    return json.dumps({"type": "viewers", "count": count})


class _LocalViewerCounts:
    """One process is all there is (the in-memory channel layer): its count is the total."""

    async def report(self, group: str, process: str, count: int) -> int:
        return count


class _RedisViewerCounts:
    """A hash per group: field = process id, value = "<count> <unix time it expires>"."""

    def __init__(self, url: str, prefix: str):
        self.prefix = prefix
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=4,
            timeout=REDIS_CALL_SECONDS,
            socket_connect_timeout=1,
            socket_timeout=REDIS_CALL_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        self.redis = Redis(connection_pool=pool)

    async def report(self, group: str, process: str, count: int) -> int:
        key = f"{self.prefix}viewers:{group}"
        now = time.time()
        async with self.redis.pipeline(transaction=True) as pipe:
            if count:
                pipe.hset(key, process, f"{count} {now + VIEWERS_TTL:.0f}")
            else:
                pipe.hdel(key, process)
            pipe.expire(key, int(VIEWERS_TTL * 2))
            pipe.hgetall(key)
            *_, entries = await pipe.execute()
        total, expired = 0, []
        for field, value in entries.items():
            number, _, expires = value.decode().partition(" ")
            if float(expires) < now:
                expired.append(field)
            else:
                total += int(number)
        if expired:
            await self.redis.hdel(key, *expired)
        return total


class _Subscription:
    def __init__(self, group: str):
        self.group = group
        self.sockets: set[LocalSocket] = set()
        self.channel: str | None = None
        self.subscribed = asyncio.Event()
        self.task: asyncio.Task | None = None


class _Viewers:
    def __init__(self):
        self.dirty = False
        self.pushed_at = float("-inf")
        self.last_total: int | None = None
        self.task: asyncio.Task | None = None


class LiveHub:
    def __init__(self):
        self.layer = get_channel_layer()
        self.process = uuid.uuid4().hex
        self.subscriptions: dict[str, _Subscription] = {}
        self.viewers: dict[str, _Viewers] = {}
        self.admission = asyncio.Semaphore(settings.LIVE_HANDSHAKE_CONCURRENCY)
        self.push_seconds = settings.LIVE_VIEWERS_PUSH_SECONDS
        config = settings.CHANNEL_LAYERS["default"].get("CONFIG", {})
        if settings.REDIS_URL and "Redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
            prefix = config.get("prefix", "asgi")
            self.counts = _RedisViewerCounts(settings.REDIS_URL, f"{prefix}:")
        else:
            self.counts = _LocalViewerCounts()
        self.heartbeat: asyncio.Task | None = None
        self._failures_logged_at = float("-inf")

    # --- sockets ---------------------------------------------------------------------------

    async def join(self, group: str, socket: LocalSocket) -> None:
        subscription = self.subscriptions.get(group)
        if subscription is None:
            subscription = self.subscriptions[group] = _Subscription(group)
            subscription.task = asyncio.create_task(self._listen(subscription))
        subscription.sockets.add(socket)
        if self.heartbeat is None or self.heartbeat.done():
            self.heartbeat = asyncio.create_task(self._beat())
        self._viewers_changed(group)
        # Without Redis the socket is served anyway: it gets RESYNC_FRAME once Redis is back.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(subscription.subscribed.wait(), JOIN_WAIT_SECONDS)

    async def leave(self, group: str, socket: LocalSocket) -> None:
        subscription = self.subscriptions.get(group)
        if subscription is None or socket not in subscription.sockets:
            return
        subscription.sockets.discard(socket)
        self._viewers_changed(group)
        if subscription.sockets:
            return
        del self.subscriptions[group]
        subscription.task.cancel()
        # Awaited, so the layer's receive bookkeeping is settled before anything else runs.
        with contextlib.suppress(asyncio.CancelledError):
            await subscription.task
        if subscription.channel is not None and subscription.subscribed.is_set():
            try:
                await asyncio.wait_for(
                    self.layer.group_discard(group, subscription.channel), REDIS_CALL_SECONDS
                )
            except Exception:  # the membership expires with the group anyway
                logger.info("Could not leave live group %s; it expires on its own.", group)

    def local_count(self, group: str) -> int:
        subscription = self.subscriptions.get(group)
        return len(subscription.sockets) if subscription else 0

    # --- the subscription ------------------------------------------------------------------

    async def _listen(self, subscription: _Subscription) -> None:
        wait = RESUBSCRIBE_FIRST_SECONDS
        missed = False
        while True:
            try:
                if subscription.channel is None:
                    subscription.channel = await self.layer.new_channel()
                await self.layer.group_add(subscription.group, subscription.channel)
                subscription.subscribed.set()
                if missed:
                    logger.warning("Live group %s subscribed again.", subscription.group)
                    await self._fan_out(subscription, RESYNC_FRAME)
                missed, wait = False, RESUBSCRIBE_FIRST_SECONDS
                while True:
                    message = await self.layer.receive(subscription.channel)
                    frame = message.get("frame")
                    if isinstance(frame, str):
                        await self._fan_out(subscription, frame)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any layer failure: subscribe again
                subscription.subscribed.clear()
                missed = True
                self._log_failure(subscription.group, error)
                await asyncio.sleep(wait)
                wait = min(wait * 2, RESUBSCRIBE_MAX_SECONDS)

    async def _fan_out(self, subscription: _Subscription, frame: str) -> None:
        for socket in list(subscription.sockets):
            try:
                await socket.send_frame(frame)
            except Exception:  # one closing socket must not stop the others
                logger.debug("A live socket of %s refused a frame.", subscription.group)

    def _log_failure(self, group: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._failures_logged_at >= 60:
            self._failures_logged_at = now
            logger.warning(
                "Live group %s lost its channel layer subscription (%s: %s); retrying.",
                group,
                type(error).__name__,
                error,
            )

    # --- viewer counts ---------------------------------------------------------------------

    def _viewers_changed(self, group: str) -> None:
        viewers = self.viewers.setdefault(group, _Viewers())
        viewers.dirty = True
        if viewers.task is None or viewers.task.done():
            viewers.task = asyncio.create_task(self._push_viewers(group, viewers))

    async def _push_viewers(self, group: str, viewers: _Viewers) -> None:
        while viewers.dirty:
            await asyncio.sleep(max(0.0, viewers.pushed_at + self.push_seconds - time.monotonic()))
            viewers.dirty = False
            viewers.pushed_at = time.monotonic()
            await self._report_and_push(group, viewers, always=True)
        if not self.local_count(group):
            self.viewers.pop(group, None)

    async def _report_and_push(self, group: str, viewers: _Viewers, *, always: bool) -> None:
        try:
            total = await asyncio.wait_for(
                self.counts.report(group, self.process, self.local_count(group)),
                REDIS_CALL_SECONDS,
            )
            if always or total != viewers.last_total:
                viewers.last_total = total
                await asyncio.wait_for(
                    self.layer.group_send(
                        group, {"type": HUB_MESSAGE_TYPE, "frame": viewers_frame(total)}
                    ),
                    REDIS_CALL_SECONDS,
                )
        except Exception as error:  # a count is not worth failing anything for
            self._log_failure(group, error)

    async def _beat(self) -> None:
        """Keeps this process's counts believed, corrects the total when another process
        stopped counting, and renews the group memberships before the layer expires them."""
        while self.subscriptions:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            for group, subscription in list(self.subscriptions.items()):
                viewers = self.viewers.setdefault(group, _Viewers())
                await self._report_and_push(group, viewers, always=False)
                if subscription.subscribed.is_set():
                    try:
                        await asyncio.wait_for(
                            self.layer.group_add(group, subscription.channel), REDIS_CALL_SECONDS
                        )
                    except Exception as error:  # the listener subscribes again
                        self._log_failure(group, error)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LiveHub]" = weakref.WeakKeyDictionary()


def live_hub() -> LiveHub:
    """This process's hub (one per running event loop)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = LiveHub()
    return hub
