"""WebSocket clients for bench.live, in a process of their own (no Django): the clients'
work must not slow the posting side, which in production runs in the server.

    python -m bench.live_clients URL ORIGIN COUNT

Prints one JSON line when connected ({"connected": n, "failed": m}), one when every client has
received an event ({"warm": true}), and, once stdin closes, the arrivals: {event id: [unix
times, one per client that received it]}.
"""

import asyncio
import json
import sys
import time
from collections import defaultdict

from websockets.asyncio.client import connect

CONNECTS_AT_ONCE = 100
ID_MARK = '"id": '


def _event_id(frame: str) -> int | None:
    # Producers write "type" then "id" first (json.dumps keeps the order): no full parse needed.
    head = frame[:80]
    start = head.find(ID_MARK)
    if start < 0:
        return None
    end = head.find(",", start)
    return int(head[start + len(ID_MARK) : end])


async def _listen(socket, arrivals, warmed: set, number: int) -> None:
    try:
        async for frame in socket:
            arrived = time.time()
            event_id = _event_id(frame)
            if event_id is not None:
                arrivals[event_id].append(arrived)
                warmed.add(number)
    except Exception:  # noqa: S110 - a dropped client shows as undelivered events
        pass


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def main(url: str, origin: str, count: int) -> None:
    sockets, failed = [], 0
    for start in range(0, count, CONNECTS_AT_ONCE):
        batch = await asyncio.gather(
            *(
                connect(url, origin=origin, open_timeout=60, ping_interval=None, max_queue=None)
                for _ in range(start, min(start + CONNECTS_AT_ONCE, count))
            ),
            return_exceptions=True,
        )
        for socket in batch:
            if isinstance(socket, BaseException):
                failed += 1
            else:
                sockets.append(socket)
    _say({"connected": len(sockets), "failed": failed})
    arrivals: dict[int, list[float]] = defaultdict(list)
    warmed: set[int] = set()
    listeners = [
        asyncio.create_task(_listen(socket, arrivals, warmed, number))
        for number, socket in enumerate(sockets)
    ]
    loop = asyncio.get_running_loop()
    stop = loop.run_in_executor(None, sys.stdin.read)
    while len(warmed) < len(sockets) and not stop.done():
        await asyncio.sleep(0.1)
    _say({"warm": True})
    await stop
    _say(arrivals)
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    for listener in listeners:
        listener.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
