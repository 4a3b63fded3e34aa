"""The Redis channel layer as the live layer needs it under load and during outages.

channels_redis gives each event loop a plain redis-py pool, which raises "Too many connections"
once its limit is reached: a burst of handshakes then failed instead of waiting. Here the pool
is redis-py's blocking pool, so a caller waits (up to `timeout` seconds) for a free connection,
and redis-py's own retries are off, so an outage reaches the caller at once: the producer gives
up quickly and the per-process hub (civic_platform.live_hub) notices that its subscription is
gone and subscribes again, instead of a retry silently reconnecting to an empty Redis.
"""

from channels_redis import core
from redis.asyncio import BlockingConnectionPool
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff


class RedisChannelLayer(core.RedisChannelLayer):
    """channels_redis's layer with the blocking pool (named alike: it is the same layer)."""

    def create_pool(self, index):
        host = dict(self.hosts[index])
        address = host.pop("address", None)
        if address is None:
            # Sentinel and host/port forms keep channels_redis's own pool.
            return super().create_pool(index)
        host.setdefault("retry", Retry(NoBackoff(), 0))
        return BlockingConnectionPool.from_url(address, **host)
