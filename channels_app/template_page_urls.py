"""Routes of the `/templates/` pages (channels_app/template_pages.py), included from journeys/urls.py."""
from django.urls import path

from channels_app import template_pages

urlpatterns = [
    path("templates/", template_pages.template_list, name="template-list"),
    path("templates/new/", template_pages.template_new, name="template-new"),
    path("templates/<slug:slug>/", template_pages.template_editor, name="template-editor"),
]
