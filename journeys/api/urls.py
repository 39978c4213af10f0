from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from journeys.api.views import ingest, journeys, runtime, templates

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
    re_path(r"^journeys/(?P<journey_id>\d+)/publish/?$", runtime.JourneyPublishView.as_view(), name="journey-publish"),
    re_path(r"^journeys/(?P<journey_id>\d+)/enroll/?$", runtime.JourneyEnrollView.as_view(), name="journey-enroll"),
    re_path(r"^journeys/(?P<journey_id>\d+)/launch/?$", runtime.JourneyLaunchView.as_view(), name="journey-launch"),
    re_path(r"^journeys/(?P<journey_id>\d+)/launches/(?P<launch_id>\d+)/?$", runtime.JourneyLaunchDetailView.as_view(),
            name="journey-launch-detail"),
    re_path(r"^journeys/(?P<journey_id>\d+)/simulate/?$", runtime.JourneySimulateView.as_view(), name="journey-simulate"),
    re_path(r"^journeys/(?P<journey_id>\d+)/stats/?$", runtime.JourneyStatsView.as_view(), name="journey-stats"),
    re_path(r"^journeys/(?P<journey_id>\d+)/enrollments/?$", runtime.JourneyEnrollmentsView.as_view(),
            name="journey-enrollments"),
    re_path(r"^templates/?$", templates.TemplateListView.as_view(), name="template-list"),
    re_path(r"^templates/(?P<slug>[-a-zA-Z0-9_]+)/?$", templates.TemplateDetailView.as_view(), name="template-detail"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
