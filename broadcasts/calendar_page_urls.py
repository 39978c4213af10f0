"""Routes of the broadcasts app (filled in below)."""
urlpatterns: list = []
