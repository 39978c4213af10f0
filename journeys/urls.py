from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from journeys import pages

urlpatterns = [
    path("", RedirectView.as_view(url="/journeys/", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("journeys.api.urls")),
    path("api/v1/", include("channels_app.urls")),
    path("", include("channels_app.webhooks.urls")),
    path("journeys/", pages.journey_list, name="journey-list"),
    path("journeys/<int:journey_id>/", pages.journey_editor, name="journey-editor"),
]
