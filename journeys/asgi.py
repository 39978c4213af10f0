"""ASGI entry point: HTTP through Django, websockets through Channels."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

websocket_urlpatterns: list = [*__import__("channels_app.routing", fromlist=["*"]).websocket_urlpatterns]  # in-app inbox; live stats and approval notices arrive with their issues

# Live per-node counts of a journey (the editor's read-only live view).
from django.urls import re_path  # noqa: E402

from journeys.consumers import ApprovalNoticeConsumer, JourneyLiveConsumer  # noqa: E402

websocket_urlpatterns.append(re_path(r"^ws/journeys/(?P<journey_id>\d+)/live/?$", JourneyLiveConsumer.as_asgi()))
# Approval notices: approvers hear of submissions, authors of approvals and rejections.
websocket_urlpatterns.append(re_path(r"^ws/approvals/?$", ApprovalNoticeConsumer.as_asgi()))

# Live journey analytics (the analytics page): the whole stats payload, on the same tick.
from journeys.consumers_analytics import JourneyAnalyticsConsumer  # noqa: E402

websocket_urlpatterns.append(re_path(r"^ws/journeys/(?P<journey_id>\d+)/analytics/?$", JourneyAnalyticsConsumer.as_asgi()))

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
