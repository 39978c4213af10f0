"""The audience pages' routes (included by journeys/urls.py). `new`, `rfm` and `lifecycle` come before
`<key>/`, so those three words are not segment keys a page can show."""
from django.urls import path, re_path

from audiences.pages import contacts, insights, segments

urlpatterns = [
    path("audiences/", segments.segment_list, name="audiences-segments"),
    re_path(r"^audiences/new/?$", segments.segment_new, name="audiences-segment-new"),
    re_path(r"^audiences/rfm/?$", insights.rfm_page, name="audiences-rfm"),
    re_path(r"^audiences/lifecycle/?$", insights.lifecycle_page, name="audiences-lifecycle"),
    path("audiences/<slug:key>/", segments.segment_detail, name="audiences-segment"),
    path("contacts/", contacts.contact_search, name="contact-search"),
]
