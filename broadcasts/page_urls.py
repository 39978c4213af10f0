"""The broadcast pages' routes (included by journeys/urls.py). `new/` comes before `<id>/`."""
from django.urls import path, re_path

from broadcasts.pages import broadcasts

urlpatterns = [
    path("broadcasts/", broadcasts.broadcast_list, name="broadcast-list-page"),
    re_path(r"^broadcasts/new/?$", broadcasts.broadcast_new, name="broadcast-new"),
    path("broadcasts/<int:broadcast_id>/", broadcasts.broadcast_detail, name="broadcast-page"),
]
