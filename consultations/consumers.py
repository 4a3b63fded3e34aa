"""Live events of one consultation. The socket only delivers: posting goes over HTTP."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from consultations.groups import consultation_group


class ConsultationEventsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group_name = consultation_group(self.scope["url_route"]["kwargs"]["consultation_id"])
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Clients only listen; anything they send is ignored rather than trusted.
        return

    async def consultation_event(self, message):
        """Group handler: forwards one event as {"type": ..., "id": ..., ...}. Sends only."""
        await self.send_json(message["event"])
