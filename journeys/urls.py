from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from journeys import pages, pages_approvals
from journeys import pages_logs

urlpatterns = [
    path("", RedirectView.as_view(url="/journeys/", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("journeys.api.urls")),
    path("api/v1/", include("channels_app.urls")),
    path("", include("channels_app.webhooks.urls")),
    path("journeys/", pages.journey_list, name="journey-list"),
    path("journeys/<int:journey_id>/", pages.journey_editor, name="journey-editor"),
    path("journeys/<int:journey_id>/analytics", pages_logs.journey_analytics, name="journey-analytics"),
    path("messages/", pages_logs.message_log, name="message-log"),
    path("conversions/", pages_logs.conversion_log, name="conversion-log"),
    path("overview/", pages_logs.overview, name="overview"),
    re_path(r"^contacts/(?P<user_id>[^/]+)/?$", pages_logs.contact_timeline, name="contact-timeline"),
    path("journeys/<int:journey_id>/history/", pages_approvals.journey_history, name="journey-history"),
    path("approvals/", pages_approvals.approvals_inbox, name="approvals"),
]
