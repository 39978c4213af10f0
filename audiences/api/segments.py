"""/api/v1/segments: saved segments, their preview, members and size history (design section 9). Thin views."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.csv_io import CSVParser, CSVRenderer, JsonUnlessCsvGet, csv_response
from audiences.api.segment_serializers import (MemberOutput, MembersAddedOutput, MembersInput, MembersRemovedOutput,
                                               SegmentPreviewInput, SegmentPreviewOutput, SegmentInput, SegmentOutput,
                                               SizeHistoryOutput)
from audiences.compiler import condition_count, condition_sample
from audiences.selectors import segments as selectors
from audiences.services import segments as services
from audiences.services import static_members
from core import clock
from core.masking import must_mask
from core.pagination import StableCursorPagination
from core.schema_params import format_param
from core.validation_drf import CheckedJSONParser

CONFLICT = OpenApiResponse(description="a running journey or another segment still uses it")


class SegmentListView(APIView):
    resource = "segments"

    @extend_schema(responses=SegmentOutput(many=True), summary="Every saved segment with its size")
    def get(self, request):
        return Response(SegmentOutput(selectors.segment_list(), many=True).data)

    @extend_schema(request=SegmentInput, responses={201: SegmentOutput, 409: OpenApiResponse(description="key taken")},
                   summary="Save a segment; a dynamic one is evaluated at once")
    def post(self, request):
        data = SegmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        segment = services.segment_create(**data.validated_data, user=request.user)
        return Response(SegmentOutput(selectors.segment_get(segment.key)).data, status=status.HTTP_201_CREATED)


class SegmentDetailView(APIView):
    resource = "segments"

    @extend_schema(responses=SegmentOutput, summary="One segment")
    def get(self, request, key: str):
        return Response(SegmentOutput(selectors.segment_get(key)).data)

    @extend_schema(request=SegmentInput, responses=SegmentOutput,
                   summary="Change a segment's name, description or condition (re-evaluated at once)")
    def patch(self, request, key: str):
        segment = selectors.segment_get(key)
        data = SegmentInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data and k != "key"}
        services.segment_update(segment, **changes)
        return Response(SegmentOutput(selectors.segment_get(key)).data)

    @extend_schema(responses={204: None, 409: CONFLICT}, summary="Delete a segment no running journey uses")
    def delete(self, request, key: str):
        services.segment_delete(selectors.segment_get(key))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SegmentPreviewView(APIView):
    resource = "segment_previews"

    @extend_schema(request=SegmentPreviewInput, responses=SegmentPreviewOutput,
                   summary="Size and a sample (up to 20 userIds) of a condition, counted in the database; "
                           "saves nothing")
    def post(self, request):
        data = SegmentPreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        condition = data.validated_data["condition"]
        services.condition_check(condition)
        now = clock.now()
        return Response(SegmentPreviewOutput({"size": condition_count(condition, now),
                                       "sample": condition_sample(condition, now)}).data)


class SegmentMembersView(APIView):
    resource = "segments"
    pagination_class = StableCursorPagination
    parser_classes = [CheckedJSONParser, CSVParser, MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    content_negotiation_class = JsonUnlessCsvGet

    @extend_schema(responses=MemberOutput(many=True), parameters=[format_param("csv: every member, streamed")],
                   summary="The segment's members now, newest first")
    def get(self, request, key: str):
        segment = selectors.segment_get(key)
        masked = must_mask(request.user)
        if request.accepted_renderer.format == "csv":
            self.pagination_class().get_page_size(request)  # a file has no pages, but a bad ?limit= is still a 400
            return csv_response(selectors.member_csv_rows(segment, masked), f"segment-{segment.key}.csv")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.member_queryset(segment), request, view=self)
        return paginator.get_paginated_response(MemberOutput(selectors.member_rows(page, masked), many=True).data)

    @extend_schema(request={"application/json": MembersInput, "text/csv": str}, responses=MembersAddedOutput,
                   summary="Add members to a static segment by userId (JSON list or CSV, first column)")
    def post(self, request, key: str):
        report = static_members.members_add(selectors.segment_get(key), self._user_ids(request))
        return Response(MembersAddedOutput(report).data)

    @extend_schema(request={"application/json": MembersInput, "text/csv": str}, responses=MembersRemovedOutput,
                   summary="Remove members from a static segment by userId (JSON list or CSV, first column)")
    def delete(self, request, key: str):
        report = static_members.members_remove(selectors.segment_get(key), self._user_ids(request))
        return Response(MembersRemovedOutput(report).data)

    @staticmethod
    def _user_ids(request) -> list[str]:
        if isinstance(request.data, str):  # parsed by CSVParser
            return static_members.user_ids_from_csv(request.data)
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        if upload is not None:
            return static_members.user_ids_from_csv(upload.read().decode("utf-8-sig", "replace"))
        data = MembersInput(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["userIds"]


class SegmentHistoryView(APIView):
    resource = "segments"

    @extend_schema(responses=SizeHistoryOutput(many=True), summary="The segment's size at the end of each UTC day")
    def get(self, request, key: str):
        return Response(SizeHistoryOutput(selectors.size_history(selectors.segment_get(key)), many=True).data)
