"""WebSocket answers shared by every app's routes."""

import json

from channels.generic.websocket import AsyncWebsocketConsumer

# Close codes sent to clients (4000-4999 are for applications): like HTTP's 404.
CLOSE_NOT_FOUND = 4404
# Clients only listen; nothing they might send one day needs more than this.
MAX_CLIENT_FRAME_CHARACTERS = 4096


def decode_client_frame(text_data: str | None = None, bytes_data: bytes | None = None):
    """The JSON object a client sent, or None for a frame to ignore silently: binary, empty,
    oversized, not JSON or not an object. Never raises: a bad frame is no server error."""
    if bytes_data is not None or not text_data or len(text_data) > MAX_CLIENT_FRAME_CHARACTERS:
        return None
    try:
        message = json.loads(text_data)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any path no app routes: accepted only to be closed with CLOSE_NOT_FOUND, so the client
    learns why (a handshake refused outright reaches a browser as a bare failure)."""

    async def connect(self):
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)
