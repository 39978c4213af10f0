"""`/contacts/<userId>`: one contact's timeline (journeys/selectors/timeline.py), masked for viewers."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.masking import must_mask
from core.permissions import role_page
from journeys.selectors import timeline as timeline_selectors


@role_page("contacts")
def contact_timeline(request: HttpRequest, user_id: str) -> HttpResponse:
    timeline = timeline_selectors.contact_timeline(user_id, masked=must_mask(request.user))
    if timeline is None:
        raise Http404(f"no contact with userId {user_id!r}")
    return render(request, "logs/contact.html", {"c": timeline})
