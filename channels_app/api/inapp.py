"""In-app inbox over HTTP: issue a contact's websocket token, list unread messages, mark read.

The inbox endpoints also accept the contact's own in-app token (`X-InApp-Token`
header or `?token=`), so a customer's front end can call them without our API key.
"""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import inapp, selectors
from channels_app.api.serializers import InAppMessageOutput, InAppReadInput, InAppReadOutput, InAppTokenOutput
from channels_app.services import inapp as inbox
from core.pagination import StableCursorPagination

TOKEN_PARAM = OpenApiParameter("token", str, description="the contact's in-app token, instead of an API key")


class HoldsContactToken(BasePermission):
    """The request carries an in-app token issued for the contact in the URL."""

    def has_permission(self, request, view):
        token = request.headers.get("X-InApp-Token") or request.query_params.get("token", "")
        user_id = inapp.user_id_from_token(token)
        return user_id is not None and user_id == view.kwargs.get("user_id")


class ApiKeyOrContactToken(BasePermission):
    def has_permission(self, request, view):
        return IsAuthenticated().has_permission(request, view) or HoldsContactToken().has_permission(request, view)


class InAppTokenView(APIView):
    @extend_schema(request=None, responses={201: InAppTokenOutput},
                   description="A signed token for /ws/inapp/?token=… (and the inbox endpoints), for one contact.")
    def post(self, request, user_id: str):
        contact = selectors.contact_get(user_id)
        issued = inapp.issue_token(contact.user_id)
        return Response(InAppTokenOutput({"userId": contact.user_id, "token": issued.token,
                                          "expires_at": issued.expires_at,
                                          "websocket": f"/ws/inapp/?token={issued.token}"}).data, status=201)


class InboxPagination(StableCursorPagination):
    page_size = 20


class InAppInboxView(APIView):
    permission_classes = [ApiKeyOrContactToken]

    @extend_schema(parameters=[TOKEN_PARAM], responses=InAppMessageOutput(many=True),
                   description="Unread in-app messages, newest first.")
    def get(self, request, user_id: str):
        unread = selectors.inbox_unread(selectors.contact_get(user_id).pk)
        paginator = InboxPagination()
        page = paginator.paginate_queryset(unread, request, view=self)
        return paginator.get_paginated_response(
            InAppMessageOutput([inapp.message_payload(m) for m in page], many=True).data)


class InAppReadView(APIView):
    permission_classes = [ApiKeyOrContactToken]

    @extend_schema(parameters=[TOKEN_PARAM], request=InAppReadInput, responses=InAppReadOutput,
                   description="Mark messages read; answers the ids that changed.")
    def post(self, request, user_id: str):
        contact = selectors.contact_get(user_id)
        data = InAppReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(InAppReadOutput({"ids": inbox.mark_read(contact.pk, data.validated_data["ids"])}).data)
