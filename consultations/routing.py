from django.urls import path

from consultations.consumers import ConsultationEventsConsumer

websocket_urlpatterns = [
    path("ws/consultations/<int:consultation_id>/", ConsultationEventsConsumer.as_asgi()),
]
