"""Live-event delivery: the Redis channel layer (at scale) against the in-memory one (embedded).

Both layers deliver the same group messages, interleaved round by round so that machine load
falls on both alike; the ratio is what the cross-process layer costs per delivered event.
"""

import asyncio
import statistics
import time

from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer
from django.conf import settings

ROUNDS = 5
MESSAGES_PER_ROUND = 300
LISTENERS = 5


async def _deliver(layer, group: str) -> float:
    channels = [await layer.new_channel() for _ in range(LISTENERS)]
    for channel in channels:
        await layer.group_add(group, channel)
    started = time.perf_counter()
    for number in range(MESSAGES_PER_ROUND):
        await layer.group_send(group, {"type": "consultation.event", "event": {"id": number}})
        for channel in channels:
            await layer.receive(channel)
    elapsed = time.perf_counter() - started
    for channel in channels:
        await layer.group_discard(group, channel)
    return elapsed


async def _measure() -> tuple[list[float], list[float]]:
    memory = InMemoryChannelLayer()
    redis = RedisChannelLayer(hosts=[settings.REDIS_URL], prefix="civic-bench")
    memory_times, redis_times = [], []
    for round_number in range(ROUNDS):
        memory_times.append(await _deliver(memory, f"bench.memory.{round_number}"))
        redis_times.append(await _deliver(redis, f"bench.redis.{round_number}"))
    await redis.flush()
    return memory_times, redis_times


def run() -> None:
    if not settings.REDIS_URL:
        raise SystemExit("REDIS_URL is not set: run through `make bench`.")
    memory_times, redis_times = asyncio.run(_measure())
    ratio = statistics.median(r / m for r, m in zip(redis_times, memory_times, strict=True))
    deliveries = MESSAGES_PER_ROUND * LISTENERS
    print(
        f"{deliveries} deliveries per round, {ROUNDS} rounds: "
        f"Redis layer / in-memory layer = {ratio:.1f}x (median of per-round ratios)"
    )
