"""/api/v1/broadcasts: CRUD, the approval workflow, stats (design section 10). Thin views over the services."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from broadcasts.api.serializers import BroadcastCommentInput, BroadcastInput, BroadcastOutput, BroadcastStatsOutput
from broadcasts.models import Broadcast, BroadcastStatus
from broadcasts.selectors import broadcasts as selectors
from broadcasts.services import broadcasts as services
from core.pagination import StableCursorPagination
from core.schema_params import choice_param

CONFLICT = OpenApiResponse(description="the broadcast is not in a state that allows this")
FORBIDDEN = OpenApiResponse(description="the role does not allow it, or four eyes: you edited it")


def broadcast_payload(broadcast: Broadcast, sizes: dict[str, int] | None = None) -> dict:
    size = broadcast.audience_size
    if size is None:
        size = sizes[broadcast.segment] if sizes is not None else selectors.segment_size(broadcast.segment)
    return {"id": broadcast.pk, "name": broadcast.name, "segment": broadcast.segment, "channel": broadcast.channel,
            "template": broadcast.template, "send_at": broadcast.send_at,
            "send_over_minutes": broadcast.send_over_minutes, "status": broadcast.status, "audience_size": size,
            "journey": broadcast.journey_id,
            "created_by": broadcast.created_by.get_username() if broadcast.created_by else None,
            "created_at": broadcast.created_at, "updated_at": broadcast.updated_at,
            "published_at": broadcast.published_at, "started_at": broadcast.started_at,
            "finished_at": broadcast.finished_at, "error": broadcast.error}


def _render(page: list[Broadcast]) -> list:
    sizes = selectors.segment_sizes({b.segment for b in page if b.audience_size is None})
    return BroadcastOutput([broadcast_payload(b, sizes) for b in page], many=True).data


def _detail(broadcast: Broadcast, code: int = status.HTTP_200_OK) -> Response:
    return Response(BroadcastOutput(broadcast_payload(selectors.broadcast_get(broadcast.pk))).data, status=code)


class BroadcastListView(APIView):
    resource = "broadcasts"
    pagination_class = StableCursorPagination

    @extend_schema(responses=BroadcastOutput(many=True),
                   parameters=[choice_param("status", BroadcastStatus.values)], summary="Broadcasts, newest first")
    def get(self, request):
        broadcasts = selectors.broadcast_list(request.query_params.get("status") or None)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(broadcasts, request, view=self)
        return paginator.get_paginated_response(_render(page))

    @extend_schema(request=BroadcastInput, responses={201: BroadcastOutput},
                   summary="Create a draft broadcast of a template to a saved segment")
    def post(self, request):
        data = BroadcastInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(services.broadcast_create(user=request.user, **data.validated_data), status.HTTP_201_CREATED)


class BroadcastDetailView(APIView):
    resource = "broadcasts"

    @extend_schema(responses=BroadcastOutput, summary="One broadcast, with its audience size")
    def get(self, request, broadcast_id: int):
        return _detail(selectors.broadcast_get(broadcast_id))

    @extend_schema(request=BroadcastInput(partial=True), responses={200: BroadcastOutput, 409: CONFLICT},
                   summary="Change a draft (or rejected) broadcast")
    def patch(self, request, broadcast_id: int):
        broadcast = selectors.broadcast_get(broadcast_id)
        data = BroadcastInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data}
        return _detail(services.broadcast_update(broadcast, user=request.user, **changes))

    @extend_schema(request=BroadcastInput, responses={200: BroadcastOutput, 409: CONFLICT},
                   summary="Replace a draft (or rejected) broadcast")
    def put(self, request, broadcast_id: int):
        broadcast = selectors.broadcast_get(broadcast_id)
        data = BroadcastInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(services.broadcast_update(broadcast, user=request.user, **data.validated_data))

    @extend_schema(responses={204: None, 409: CONFLICT}, summary="Delete a draft (or rejected) broadcast")
    def delete(self, request, broadcast_id: int):
        services.broadcast_delete(selectors.broadcast_get(broadcast_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BroadcastActionView(APIView):
    """POST …/{submit,approve,reject,publish,cancel}; `comment` for submit, approve and reject."""

    resource = "broadcasts"
    transition: str = ""

    @extend_schema(request=BroadcastCommentInput, responses={200: BroadcastOutput, 403: FORBIDDEN, 409: CONFLICT})
    def post(self, request, broadcast_id: int):
        broadcast = selectors.broadcast_get(broadcast_id)
        data = BroadcastCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data["comment"]
        if self.transition == "submit":
            broadcast = services.broadcast_submit(broadcast, user=request.user, comment=comment)
        elif self.transition == "approve":
            broadcast = services.broadcast_approve(broadcast, user=request.user, comment=comment)
        elif self.transition == "reject":
            broadcast = services.broadcast_reject(broadcast, user=request.user, comment=comment)
        elif self.transition == "publish":
            broadcast = services.broadcast_publish(broadcast, user=request.user)
        else:
            broadcast = services.broadcast_cancel(broadcast, user=request.user)
        return _detail(broadcast)


class BroadcastStatsView(APIView):
    resource = "broadcasts"

    @extend_schema(responses=BroadcastStatsOutput,
                   summary="Audience size and what its messages did: sent, delivered, opened, clicked, converted, "
                           "failed, suppressed, capped, deferred")
    def get(self, request, broadcast_id: int):
        return Response(BroadcastStatsOutput(selectors.broadcast_stats(selectors.broadcast_get(broadcast_id))).data)
