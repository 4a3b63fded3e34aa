"""The project's ASGI application plus the live layer's former design, as bench.live's yardstick.

`/bench/ws/per-socket/<id>/` is the consumer issue 10 measured before the hub: every socket is
a channel-layer group member of its own, so the layer dispatches each event once per socket.
It listens to the same group as the real route; nothing but bench.live uses it.
"""

from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from civic_platform.asgi import django_asgi_app
from civic_platform.routing import collect_websocket_urlpatterns
from consultations.groups import consultation_group

PER_SOCKET_PATH = "bench/ws/per-socket/"


class PerSocketGroupConsumer(AsyncWebsocketConsumer):
    group_name: str | None = None

    async def connect(self):
        await self.accept()
        self.group_name = consultation_group(self.scope["url_route"]["kwargs"]["consultation_id"])
        await self.channel_layer.group_add(self.group_name, self.channel_name)

    async def disconnect(self, code):
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def consultation_event(self, message):
        await self.send(text_data=message["frame"])


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter(
                    [
                        path(
                            f"{PER_SOCKET_PATH}<int:consultation_id>/",
                            PerSocketGroupConsumer.as_asgi(),
                        ),
                        *collect_websocket_urlpatterns(),
                    ]
                )
            )
        ),
    }
)
