"""Live events of one consultation. The socket only delivers: posting goes over HTTP.

A socket is not a channel-layer member of its own: it joins this process's hub
(civic_platform.live_hub), which holds one subscription to the consultation's group for all of
the process's sockets and writes each event's pre-encoded frame to them (README, "Live
discussion").
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from civic_platform.consumers import CLOSE_NOT_FOUND, decode_client_frame
from civic_platform.live_hub import live_hub
from consultations.groups import consultation_group
from consultations.selectors import consultation_is_visible

# No layer is configured under this alias, so Channels gives the socket no channel of its own:
# group messages reach it through the hub only.
WITHOUT_OWN_CHANNEL = "none: sockets listen through the live hub"


class ConsultationEventsConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = WITHOUT_OWN_CHANNEL
    group_name: str | None = None

    async def connect(self):
        consultation_id = self.scope["url_route"]["kwargs"]["consultation_id"]
        hub = live_hub()
        # Accepted first: the handshake itself costs nothing, so a burst of them never runs
        # into the server's handshake timeout; the sockets then queue here for the checks
        # rather than exhausting database or Redis connections, and are closed if refused.
        await self.accept()
        async with hub.admission:
            visible = await database_sync_to_async(consultation_is_visible)(
                consultation_id=consultation_id, user=self.scope.get("user")
            )
        if not visible:
            # Same answer for "does not exist" and "not yours": existence is not revealed.
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group_name = consultation_group(consultation_id)
        await hub.join(self.group_name, self)

    async def disconnect(self, code):
        if self.group_name is not None:
            await live_hub().leave(self.group_name, self)

    async def receive(self, text_data=None, bytes_data=None):
        # Clients only listen; anything they send is decoded safely (binary, non-JSON and
        # oversized frames never raise) and then ignored rather than trusted.
        decode_client_frame(text_data, bytes_data)

    async def send_frame(self, frame: str) -> None:
        """Called by the hub with one event's frame, encoded once by its producer."""
        await self.send(text_data=frame)
