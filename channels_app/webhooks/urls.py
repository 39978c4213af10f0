"""Provider callbacks and the unsubscribe link, mounted at the site root (see journeys/urls.py)."""
urlpatterns: list = []
