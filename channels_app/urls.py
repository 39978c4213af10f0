"""API routes owned by the channels app, mounted under /api/v1/ (see journeys/urls.py)."""
from django.urls import re_path

from channels_app.api import channel_limits, frequency_caps, inapp, suppressions, templates

SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"
USER = r"(?P<user_id>[^/]+)"

urlpatterns = [
    re_path(r"^suppressions/?$", suppressions.SuppressionListView.as_view(), name="suppression-list"),
    re_path(r"^suppressions/(?P<suppression_id>\d+)/?$", suppressions.SuppressionDetailView.as_view(),
            name="suppression-detail"),
    re_path(r"^channel-limits/?$", channel_limits.ChannelLimitsView.as_view(), name="channel-limits"),
    re_path(r"^frequency-caps/?$", frequency_caps.FrequencyCapListView.as_view(), name="frequency-cap-list"),
    re_path(r"^frequency-caps/(?P<rule_id>\d+)/?$", frequency_caps.FrequencyCapDetailView.as_view(),
            name="frequency-cap-detail"),
    re_path(rf"^templates/{SLUG}/preview/?$", templates.TemplatePreviewView.as_view(), name="template-preview"),
    re_path(rf"^templates/{SLUG}/test-send/?$", templates.TemplateTestSendView.as_view(), name="template-test-send"),
    re_path(rf"^templates/{SLUG}/test/?$", templates.TemplateTestView.as_view(), name="template-test"),
    re_path(rf"^templates/{SLUG}/versions/?$", templates.TemplateVersionsView.as_view(), name="template-versions"),
    re_path(rf"^templates/{SLUG}/webhook-secret/?$", templates.WebhookSecretView.as_view(),
            name="template-webhook-secret"),
    re_path(rf"^contacts/{USER}/inapp-token/?$", inapp.InAppTokenView.as_view(), name="contact-inapp-token"),
    re_path(rf"^contacts/{USER}/inapp/?$", inapp.InAppInboxView.as_view(), name="contact-inapp"),
    re_path(rf"^contacts/{USER}/inapp/read/?$", inapp.InAppReadView.as_view(), name="contact-inapp-read"),
]
