import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer

from civic_platform.asgi import application
from consultations.groups import consultation_group

pytestmark = pytest.mark.django_db(transaction=True)


async def test_an_event_sent_to_a_consultation_group_reaches_its_listener_through_redis():
    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    communicator = WebsocketCommunicator(
        application, "/ws/consultations/7/", headers=[(b"origin", b"http://127.0.0.1:8000")]
    )
    connected, _ = await communicator.connect()
    assert connected
    event = {"type": "comment.created", "id": 41, "body": "Bölmə 3 üzrə təklif"}
    await layer.group_send(consultation_group(7), {"type": "consultation.event", "event": event})
    assert await communicator.receive_json_from(timeout=5) == event
    await communicator.disconnect()


async def test_a_listener_of_another_consultation_hears_nothing():
    layer = get_channel_layer()
    communicator = WebsocketCommunicator(
        application, "/ws/consultations/8/", headers=[(b"origin", b"http://127.0.0.1:8000")]
    )
    connected, _ = await communicator.connect()
    assert connected
    await layer.group_send(
        consultation_group(9), {"type": "consultation.event", "event": {"type": "x", "id": 1}}
    )
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


async def test_a_handshake_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/consultations/7/", headers=[(b"origin", b"https://attacker.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected
