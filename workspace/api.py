"""/api/v1/keys: write keys for SDKs (design section 8). Admins only (core.permissions, resource `write_keys`).

POST {"name"} -> 201 {"id", "name", "key", "prefix", "created_at"}: the key is in this answer only.
GET -> {"results": [key without its secret, ...], "next"}; DELETE /{id} -> 204, revoked at once.
"""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import StableCursorPagination
from workspace import selectors
from workspace.serializers import WriteKeyCreatedOutput, WriteKeyCreateInput, WriteKeyOutput
from workspace.services import keys


class WriteKeyListView(APIView):
    resource = "write_keys"
    pagination_class = StableCursorPagination

    @extend_schema(responses=WriteKeyOutput(many=True), summary="Write keys, newest first (revoked ones included)")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.write_key_list(), request, view=self)
        return paginator.get_paginated_response(WriteKeyOutput(page, many=True).data)

    @extend_schema(request=WriteKeyCreateInput, responses={201: WriteKeyCreatedOutput},
                   summary="Create a write key for an SDK; the key is shown in this answer only")
    def post(self, request):
        data = WriteKeyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        issued = keys.write_key_create(name=data.validated_data["name"], user=request.user)
        key = issued.write_key
        return Response(WriteKeyCreatedOutput({"id": key.pk, "name": key.name, "key": issued.key, "prefix": key.prefix,
                                               "created_at": key.created_at}).data, status=status.HTTP_201_CREATED)


class WriteKeyDetailView(APIView):
    resource = "write_keys"

    @extend_schema(responses={204: None}, summary="Revoke a write key: it stops authenticating at once")
    def delete(self, request, key_id: int):
        keys.write_key_revoke(selectors.write_key_get(key_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
