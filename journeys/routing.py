"""Websocket routes of the journeys app; journeys/asgi.py mounts them."""
from django.urls import re_path

from journeys.consumers.alerts import AlertBadgeConsumer
from journeys.consumers.analytics import JourneyAnalyticsConsumer
from journeys.consumers.approvals import ApprovalNoticeConsumer
from journeys.consumers.live import JourneyLiveConsumer

websocket_urlpatterns = [
    # Live per-node counts of a journey (the editor's read-only live view).
    re_path(r"^ws/journeys/(?P<journey_id>\d+)/live/?$", JourneyLiveConsumer.as_asgi()),
    # Live journey analytics (the analytics page): the whole stats payload, on the same tick.
    re_path(r"^ws/journeys/(?P<journey_id>\d+)/analytics/?$", JourneyAnalyticsConsumer.as_asgi()),
    # Approval notices: approvers hear of submissions, authors of approvals and rejections.
    re_path(r"^ws/approvals/?$", ApprovalNoticeConsumer.as_asgi()),
    # The header's open-alert badge (health publishes, this relays).
    re_path(r"^ws/alerts/?$", AlertBadgeConsumer.as_asgi()),
]
