from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from channels_app import pages as channel_pages
from channels_app import settings_pages as channel_settings_pages
from journeys.pages import analytics, approvals, contacts, editor, logs
from journeys.pages import journeys as journey_pages
from workspace import language as workspace_language
from workspace import pages as workspace_pages

urlpatterns = [
    path("", RedirectView.as_view(url="/journeys/", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Django's setlang, wrapped so a signed-in user's choice is kept on the user as well as in the cookie.
    path("i18n/setlang/", workspace_language.set_language, name="set_language"),
    path("api/v1/", include("journeys.api.urls")),
    path("api/v1/", include("channels_app.urls")),
    path("api/v1/", include("workspace.urls")),
    path("api/v1/", include("audiences.urls")),
    path("api/v1/", include("health.urls")),  # by name: nothing imports health
    path("api/v1/", include("health.metric_urls")),  # /metrics/*, /channel-costs
    path("api/v1/", include("broadcasts.urls")),  # /broadcasts
    path("api/v1/", include("broadcasts.calendar_urls")),  # /calendar
    path("", include("channels_app.webhooks.urls")),
    path("journeys/", journey_pages.journey_list, name="journey-list"),
    path("journeys/<int:journey_id>/", editor.journey_editor, name="journey-editor"),
    path("journeys/<int:journey_id>/analytics", analytics.journey_analytics, name="journey-analytics"),
    path("messages/", logs.message_log, name="message-log"),
    path("conversions/", logs.conversion_log, name="conversion-log"),
    path("overview/", analytics.overview, name="overview"),
    path("", include("audiences.page_urls")),  # /audiences/…, /contacts/ (search)
    path("", include("health.page_urls")),  # /alerts/
    path("", include("health.metric_page_urls")),  # /health/
    path("", include("broadcasts.page_urls")),  # /broadcasts/
    path("", include("broadcasts.calendar_page_urls")),  # /calendar/
    path("", include("channels_app.template_page_urls")),  # /templates/, /templates/new/, /templates/<slug>/
    re_path(r"^contacts/(?P<user_id>[^/]+)/?$", contacts.contact_timeline, name="contact-timeline"),
    path("journeys/<int:journey_id>/history/", approvals.journey_history, name="journey-history"),
    path("approvals/", approvals.approvals_inbox, name="approvals"),
    re_path(r"^settings/keys/?$", workspace_pages.write_keys, name="write-keys"),
    re_path(r"^settings/channels/?$", channel_pages.channel_settings, name="channel-settings"),
    re_path(r"^settings/suppressions/?$", channel_settings_pages.suppression_settings, name="suppression-settings"),
    re_path(r"^settings/frequency-caps/?$", channel_settings_pages.frequency_cap_settings,
            name="frequency-cap-settings"),
]

handler404 = "journeys.api.errors.not_found"  # JSON under /api/
