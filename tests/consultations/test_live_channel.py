import logging

import pytest
from channels.testing import WebsocketCommunicator

from civic_platform.asgi import application
from civic_platform.consumers import (
    CLOSE_NOT_FOUND,
    MAX_CLIENT_FRAME_CHARACTERS,
    decode_client_frame,
)

pytestmark = pytest.mark.django_db(transaction=True)

SAME_ORIGIN = [(b"origin", b"http://127.0.0.1:8000")]


async def _close_code(path: str) -> int:
    communicator = WebsocketCommunicator(application, path, headers=SAME_ORIGIN)
    await communicator.connect()
    message = await communicator.receive_output(timeout=5)
    await communicator.wait()
    assert message["type"] == "websocket.close"
    return message["code"]


async def test_a_handshake_to_an_unknown_path_is_closed_with_4404_without_a_traceback(caplog):
    with caplog.at_level(logging.WARNING):
        for path in ("/ws/nothing-here/", "/ws/consultations/x/", "/"):
            assert await _close_code(path) == CLOSE_NOT_FOUND, path
    assert not [record for record in caplog.records if record.exc_info]


async def test_a_socket_for_a_consultation_that_does_not_exist_is_closed_with_4404():
    assert await _close_code("/ws/consultations/7/") == CLOSE_NOT_FOUND


async def test_a_handshake_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/consultations/7/", headers=[(b"origin", b"https://attacker.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    "frame",
    [
        {"bytes_data": b"\x00\x01binary"},
        {"text_data": ""},
        {"text_data": None},
        {"text_data": '{"type": "x", "padding": "' + "a" * MAX_CLIENT_FRAME_CHARACTERS + '"}'},
        {"text_data": "not json"},
        {"text_data": '{"unbalanced": '},
        {"text_data": "[1, 2]"},
        {"text_data": "NaN"},
    ],
)
def test_a_frame_a_client_should_not_send_is_ignored_without_raising(frame):
    assert decode_client_frame(**frame) is None


def test_a_small_json_object_from_a_client_is_read():
    assert decode_client_frame(text_data='{"type": "resume", "after": 41}') == {
        "type": "resume",
        "after": 41,
    }
