"""API routes owned by the channels app, mounted under /api/v1/ (see journeys/urls.py)."""
urlpatterns: list = []
