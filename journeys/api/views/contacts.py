"""`GET /api/v1/contacts/{userId}`: one contact's traits, events, enrollments, messages and
conversions, and all of them on one time axis."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.masking import must_mask
from journeys.api.serializers.logs import ContactTimelineOutput
from journeys.selectors import timeline as timeline_selectors


class ContactTimelineView(APIView):
    resource = "contacts"

    @extend_schema(responses=ContactTimelineOutput,
                   summary="A contact's timeline (oldest first) with traits, enrollments, messages")
    def get(self, request, user_id: str):
        timeline = timeline_selectors.contact_timeline(user_id, masked=must_mask(request.user))
        if timeline is None:
            raise Http404(gettext("no contact with userId %(user_id)s") % {"user_id": repr(user_id)})
        return Response(ContactTimelineOutput(timeline).data)
