from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from channels_app.api import templates
from journeys.csp import redoc_policy
from journeys.api.views import approvals, ingest, journeys, runtime
from journeys.api.views import analytics, contacts, logs
from journeys.api.views import authoring

app_name = "api"

urlpatterns = [
    # Segment SDKs post to exactly these paths (no trailing slash).
    re_path(r"^identify/?$", ingest.IdentifyView.as_view(), name="identify"),
    re_path(r"^track/?$", ingest.TrackView.as_view(), name="track"),
    re_path(r"^batch/?$", ingest.BatchView.as_view(), name="batch"),
    re_path(r"^journeys/?$", journeys.JourneyListView.as_view(), name="journey-list"),
    re_path(r"^journeys/(?P<journey_id>\d+)/?$", journeys.JourneyDetailView.as_view(), name="journey-detail"),
    re_path(r"^journeys/(?P<journey_id>\d+)/draft/?$", journeys.JourneyDraftView.as_view(), name="journey-draft"),
    re_path(r"^journeys/(?P<journey_id>\d+)/validate/?$", journeys.JourneyValidateView.as_view(), name="journey-validate"),
    re_path(r"^journeys/(?P<journey_id>\d+)/submit/?$", approvals.JourneySubmitView.as_view(), name="journey-submit"),
    re_path(r"^journeys/(?P<journey_id>\d+)/withdraw/?$", approvals.JourneyWithdrawView.as_view(), name="journey-withdraw"),
    re_path(r"^journeys/(?P<journey_id>\d+)/approve/?$", approvals.JourneyApproveView.as_view(), name="journey-approve"),
    re_path(r"^journeys/(?P<journey_id>\d+)/reject/?$", approvals.JourneyRejectView.as_view(), name="journey-reject"),
    re_path(r"^journeys/(?P<journey_id>\d+)/publish/?$", approvals.JourneyPublishView.as_view(), name="journey-publish"),
    re_path(r"^journeys/(?P<journey_id>\d+)/pause/?$", approvals.JourneyPauseView.as_view(), name="journey-pause"),
    re_path(r"^journeys/(?P<journey_id>\d+)/resume/?$", approvals.JourneyResumeView.as_view(), name="journey-resume"),
    re_path(r"^journeys/(?P<journey_id>\d+)/archive/?$", approvals.JourneyArchiveView.as_view(), name="journey-archive"),
    re_path(r"^journeys/(?P<journey_id>\d+)/history/?$", approvals.JourneyHistoryView.as_view(), name="journey-history"),
    re_path(r"^journeys/(?P<journey_id>\d+)/diff/?$", approvals.JourneyDiffView.as_view(), name="journey-diff"),
    re_path(r"^journeys/(?P<journey_id>\d+)/comments/?$", approvals.JourneyCommentsView.as_view(), name="journey-comments"),
    re_path(r"^approvals/?$", approvals.ApprovalsInboxView.as_view(), name="approvals"),
    re_path(r"^notifications/?$", approvals.NotificationsView.as_view(), name="notifications"),
    re_path(r"^journeys/(?P<journey_id>\d+)/enroll/?$", runtime.JourneyEnrollView.as_view(), name="journey-enroll"),
    re_path(r"^journeys/(?P<journey_id>\d+)/launch/?$", runtime.JourneyLaunchView.as_view(), name="journey-launch"),
    re_path(r"^journeys/(?P<journey_id>\d+)/launches/(?P<launch_id>\d+)/?$", runtime.JourneyLaunchDetailView.as_view(),
            name="journey-launch-detail"),
    re_path(r"^journeys/(?P<journey_id>\d+)/simulate/?$", runtime.JourneySimulateView.as_view(), name="journey-simulate"),
    re_path(r"^journeys/(?P<journey_id>\d+)/test/?$", authoring.JourneyTestRunView.as_view(), name="journey-test"),
    re_path(r"^journeys/(?P<journey_id>\d+)/test/(?P<run_id>\d+)/?$", authoring.JourneyTestRunDetailView.as_view(),
            name="journey-test-run"),
    re_path(r"^journeys/next-occurrences/?$", authoring.NextOccurrencesView.as_view(), name="journey-next-occurrences"),
    re_path(r"^journey-templates/?$", authoring.JourneyTemplateListView.as_view(), name="journey-templates"),
    re_path(r"^journeys/(?P<journey_id>\d+)/stats/?$", analytics.JourneyStatsView.as_view(), name="journey-stats"),
    re_path(r"^journeys/(?P<journey_id>\d+)/enrollments/?$", runtime.JourneyEnrollmentsView.as_view(),
            name="journey-enrollments"),
    re_path(r"^templates/?$", templates.TemplateListView.as_view(), name="template-list"),
    re_path(r"^templates/(?P<slug>[-a-zA-Z0-9_]+)/?$", templates.TemplateDetailView.as_view(), name="template-detail"),
    re_path(r"^messages/?$", logs.MessageListView.as_view(), name="message-list"),
    re_path(r"^conversions/?$", logs.ConversionListView.as_view(), name="conversion-list"),
    re_path(r"^overview/?$", analytics.OverviewView.as_view(), name="overview"),
    # Anchored: contacts/{userId}/inapp… (channels_app/urls.py) must not be swallowed.
    re_path(r"^contacts/(?P<user_id>[^/]+)/?$", contacts.ContactTimelineView.as_view(), name="contact-timeline"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", redoc_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]
