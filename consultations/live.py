"""The live layer's producer side: every change the discussion pushes is recorded as a
LiveEvent in the change's own transaction and broadcast to the consultation's group after the
commit. The database is the source of truth: a broadcast that fails (Redis down) loses nothing,
because pages catch up from the log by event id when they reconnect."""

import asyncio
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError

from consultations.choices import LiveEventType
from consultations.groups import consultation_group
from consultations.models import Comment, DiscussionTally, LiveEvent
from consultations.payloads import comment_payload

logger = logging.getLogger(__name__)


def live_event_record(*, consultation_id: int, type: LiveEventType, comment: Comment) -> LiveEvent:
    """Record one event about `comment` in the current transaction and schedule its broadcast.
    The comment's `event_id` and the consultation's `last_event_id` move to the new id."""
    # Under the discussion's lock until commit, so one consultation's events commit in the order
    # of their ids: a page that has seen event N has seen every earlier one it will ever get.
    DiscussionTally.objects.get_or_create(consultation_id=consultation_id)
    list(
        DiscussionTally.objects.select_for_update()
        .filter(consultation_id=consultation_id)
        .values_list("pk", flat=True)
    )
    event = LiveEvent.objects.create(consultation_id=consultation_id, type=type, comment=comment)
    Comment.objects.filter(pk=comment.pk).update(event_id=event.pk)
    comment.event_id = event.pk
    DiscussionTally.objects.filter(consultation_id=consultation_id).update(last_event_id=event.pk)
    transaction.on_commit(lambda: live_event_broadcast(event))
    return event


def live_event_frame(event: LiveEvent) -> str:
    """The message pages receive for `event`, encoded once for every socket."""
    comment = (
        Comment.objects.select_related("author__profile", "organisation", "answer__organisation")
        .filter(pk=event.comment_id)
        .first()
    )
    return json.dumps(
        {"type": event.type, "id": event.pk, "comment": comment_payload(comment)},
        ensure_ascii=False,
    )


async def _group_send_retrying_once(group: str, message: dict) -> None:
    # The pool's connections have no retries of their own (civic_platform.channel_layers), so
    # the first send after a Redis restart can meet a connection the old server closed. One more
    # attempt takes a fresh connection; with Redis still down it is refused at once.
    try:
        await get_channel_layer().group_send(group, message)
    except (RedisConnectionError, OSError):
        await get_channel_layer().group_send(group, message)


async def _group_send(group: str, message: dict) -> None:
    # Bounded: with Redis slow or paused the post answers anyway after this long.
    await asyncio.wait_for(
        _group_send_retrying_once(group, message), settings.LIVE_BROADCAST_TIMEOUT
    )


def live_event_broadcast(event: LiveEvent) -> None:
    """Tell the consultation's open pages that `event` happened. Never raises, and waits at
    most LIVE_BROADCAST_TIMEOUT seconds: the write it reports has been committed already, and
    pages that missed it catch up from the log (the hubs send "resync" once Redis is back)."""
    try:
        async_to_sync(_group_send)(
            consultation_group(event.consultation_id),
            {"type": "consultation.event", "frame": live_event_frame(event)},
        )
    except Exception as error:
        logger.warning(
            "Live broadcast of event %s failed (%s); pages catch up later.",
            event.pk,
            type(error).__name__,
        )
