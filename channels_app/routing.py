"""Websocket routes of the channels app; journeys/asgi.py mounts them."""
from django.urls import re_path

from channels_app.consumers import InAppConsumer

websocket_urlpatterns = [
    re_path(r"^ws/inapp/?$", InAppConsumer.as_asgi()),
]
