"""In-app inbox over HTTP: issue a contact's websocket token, list unread messages, mark read.

The inbox endpoints also accept the contact's own in-app token (`X-InApp-Token`
header or `?token=`), so a customer's front end can call them without our API key,
from its own origin when INAPP_ALLOWED_ORIGINS lists it (CORS, below).
"""
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import inapp, selectors
from channels_app.api.serializers import InAppMessageOutput, InAppReadInput, InAppReadOutput, InAppTokenOutput
from channels_app.origins import cross_origin_allowed
from channels_app.services import inapp as inbox
from core.masking import contact_addresses, mask_data, must_mask
from core.permissions import RolePermission
from core.pagination import StableCursorPagination

TOKEN_PARAM = OpenApiParameter("token", str, description="the contact's in-app token, instead of an API key")


class HoldsContactToken(BasePermission):
    """The request carries an in-app token issued for the contact in the URL."""

    def has_permission(self, request, view):
        token = request.headers.get("X-InApp-Token") or request.query_params.get("token", "")
        user_id = inapp.user_id_from_token(token)
        return user_id is not None and user_id == view.kwargs.get("user_id")


class RolesOrContactToken(BasePermission):
    """The contact's own in-app token, or a credential whose roles core.permissions allows on the view."""

    def has_permission(self, request, view):
        if HoldsContactToken().has_permission(request, view):
            return True
        by_roles = RolePermission()
        allowed = by_roles.has_permission(request, view)
        self.message = by_roles.message
        return allowed


class InAppCors:
    """CORS for the inbox endpoints: an allowed origin is echoed, a preflight is answered before auth.

    A few lines rather than django-cors-headers: two endpoints, one setting, and no cookies
    (the token travels in a header), so no credentials mode.
    """

    cors_methods = "GET, POST, OPTIONS"
    cors_headers = "Content-Type, X-InApp-Token"
    cors_max_age = "600"

    def dispatch(self, request, *args, **kwargs):
        origin = request.headers.get("Origin")
        allowed = bool(origin) and cross_origin_allowed(origin)
        if request.method == "OPTIONS" and origin and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)  # a preflight carries no token: it never reaches the permissions
            if allowed:
                response["Access-Control-Allow-Methods"] = self.cors_methods
                response["Access-Control-Allow-Headers"] = self.cors_headers
                response["Access-Control-Max-Age"] = self.cors_max_age
        else:
            response = super().dispatch(request, *args, **kwargs)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        patch_vary_headers(response, ("Origin",))
        return response


class InAppTokenView(APIView):
    resource = "inapp_tokens"

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


class InAppInboxView(InAppCors, APIView):
    resource = "inapp_inbox"
    pagination_class = InboxPagination  # the schema documents the page shape from it
    permission_classes = [RolesOrContactToken]

    @extend_schema(parameters=[TOKEN_PARAM], responses=InAppMessageOutput(many=True),
                   description="Unread in-app messages, newest first.")
    def get(self, request, user_id: str):
        contact = selectors.contact_get(user_id)
        unread = selectors.inbox_unread(contact.pk)
        paginator = InboxPagination()
        page = paginator.paginate_queryset(unread, request, view=self)
        payloads = [inapp.message_payload(m) for m in page]
        if must_mask(request.user):  # a viewer's credentials; the contact's own token sees its inbox as sent
            payloads = mask_data(payloads, contact_addresses(contact.email, contact.phone, contact.traits))
        return paginator.get_paginated_response(InAppMessageOutput(payloads, many=True).data)


class InAppReadView(InAppCors, APIView):
    resource = "inapp_inbox"
    permission_classes = [RolesOrContactToken]

    @extend_schema(parameters=[TOKEN_PARAM], request=InAppReadInput, responses=InAppReadOutput,
                   description="Mark messages read; answers the ids that changed.")
    def post(self, request, user_id: str):
        contact = selectors.contact_get(user_id)
        data = InAppReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(InAppReadOutput({"ids": inbox.mark_read(contact.pk, data.validated_data["ids"])}).data)
