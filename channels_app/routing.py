"""Websocket routes of the channels app; journeys/asgi.py mounts them.

The in-app socket checks its own origins (channels_app/origins.py): customers' sites and
native apps connect to it, with the contact's token instead of a session.
"""
from django.urls import re_path

from channels_app.consumers import InAppConsumer
from channels_app.origins import InAppOriginValidator

websocket_urlpatterns = [
    re_path(r"^ws/inapp/?$", InAppOriginValidator(InAppConsumer.as_asgi())),
]
