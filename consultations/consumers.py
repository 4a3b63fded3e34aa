"""Live events of one consultation. The socket only delivers: posting goes over HTTP."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from civic_platform.consumers import CLOSE_NOT_FOUND, decode_client_frame
from consultations.groups import consultation_group
from consultations.selectors import consultation_is_visible


class ConsultationEventsConsumer(AsyncJsonWebsocketConsumer):
    group_name: str | None = None

    async def connect(self):
        consultation_id = self.scope["url_route"]["kwargs"]["consultation_id"]
        visible = await database_sync_to_async(consultation_is_visible)(
            consultation_id=consultation_id, user=self.scope.get("user")
        )
        await self.accept()
        if not visible:
            # Same answer for "does not exist" and "not yours": existence is not revealed.
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.group_name = consultation_group(consultation_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)

    async def disconnect(self, code):
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        # Replaces the JSON consumer's decoding, which raises on binary or non-JSON frames.
        message = decode_client_frame(text_data, bytes_data)
        if message is not None:
            await self.receive_json(message)

    async def receive_json(self, content, **kwargs):
        # Clients only listen; anything they send is ignored rather than trusted.
        return

    async def consultation_event(self, message):
        """Group handler: forwards one event's frame, encoded once by its producer. Sends only."""
        await self.send(text_data=message["frame"])
