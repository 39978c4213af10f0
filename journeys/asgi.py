"""ASGI entry point: HTTP through Django, websockets through Channels."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

# The websocket routes import consumers, and consumers import models: only once the apps are loaded.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from channels_app import routing as channels_app_routing  # noqa: E402
from journeys import routing as journeys_routing  # noqa: E402

# Staff sockets (live counts, analytics, approval notices) ride the session cookie: only our own
# pages (ALLOWED_HOSTS) may open them. The in-app socket guards its own origins (channels_app/origins.py).
staff_sockets = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(journeys_routing.websocket_urlpatterns)))
websocket_urlpatterns = [*channels_app_routing.websocket_urlpatterns, re_path(r"^", staff_sockets)]

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    "websocket": URLRouter(websocket_urlpatterns),
})
