"""/api/v1/suppressions: the blacklist, with CSV import (POST text/csv) and export (GET ?format=csv)."""
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import selectors
from core.csv_io import (
    CSVParser,
    CSVRenderer,
    JsonUnlessCsvGet,
    csv_response,
)
from channels_app.api.serializers import (
    SuppressionCreateInput,
    SuppressionDeleteInput,
    SuppressionImportOutput,
    SuppressionLiftOutput,
    SuppressionOutput,
)
from channels_app.services import suppressions as services
from core.errors import InvalidInput
from core.masking import mask_address, mask_text, must_mask
from core.pagination import StableCursorPagination
from core.validation_drf import CheckedJSONParser

FILTERS = [
    OpenApiParameter("channel", str, description="sms, email, webhook, inapp or all"),
    OpenApiParameter("userId", str), OpenApiParameter("address", str),
    OpenApiParameter("q", str, description="part of an address or a reason"),
    OpenApiParameter("format", str, enum=["json", "csv"], description="csv: the whole filtered list as a file"),
]


def _masked(user, rows):
    """Viewers see addresses masked (core.roles), in the reason too (a bounce quotes the mailbox)."""
    if must_mask(user):
        for row in rows:
            row["reason"] = mask_text(row.get("reason") or "", [row.get("address") or ""])
            row["address"] = mask_address(row.get("address"))
    return rows


def _masked_csv(user, rows):
    if not must_mask(user):
        yield from rows
        return
    header = None
    for row in rows:
        if header is None:
            header = row
            at, why = header.index("address"), header.index("reason")
        else:
            row = list(row)
            row[why] = mask_text(row[why] or "", [row[at] or ""])
            row[at] = mask_address(row[at])
        yield row


class SuppressionListView(APIView):
    resource = "suppressions"
    pagination_class = StableCursorPagination  # the schema documents the page shape from it
    parser_classes = [CheckedJSONParser, CSVParser, MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    content_negotiation_class = JsonUnlessCsvGet

    @extend_schema(parameters=FILTERS, responses=SuppressionOutput(many=True))
    def get(self, request):
        params = request.query_params
        rows = selectors.suppression_list(channel=params.get("channel", ""), user_id=params.get("userId", ""),
                                          address=params.get("address", ""), q=params.get("q", ""))
        if request.accepted_renderer.format == "csv":
            self.pagination_class().get_page_size(request)  # a file has no pages, but a bad ?limit= is still a 400
            return csv_response(_masked_csv(request.user, selectors.suppressions_csv_rows(rows)), "suppressions.csv")
        paginator = StableCursorPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(_masked(request.user, SuppressionOutput(page, many=True).data))

    @extend_schema(
        request={"application/json": SuppressionCreateInput, "text/csv": str},
        responses={201: SuppressionOutput, 200: SuppressionImportOutput,
                   409: OpenApiResponse(description="already suppressed")},
        description="JSON: one entry (`userId` or `address`). CSV (Content-Type text/csv, a multipart `file`, or "
                    "?format=csv): header `channel,userId,address,reason`; all rows or none are added, "
                    "existing entries are skipped.")
    def post(self, request):
        csv_text = self._csv_body(request)
        if csv_text is not None:
            report = services.suppressions_import_csv(csv_text, actor=request.user)
            return Response(SuppressionImportOutput(report).data, status=status.HTTP_200_OK)
        data = SuppressionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        suppression = services.suppression_create(channel=values["channel"], user_id=values["userId"],
                                                  address=values["address"], reason=values["reason"],
                                                  actor=request.user)
        return Response(SuppressionOutput(suppression).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _csv_body(request) -> str | None:
        if isinstance(request.data, str):  # parsed by CSVParser
            return request.data
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        if upload is not None:
            return upload.read().decode("utf-8-sig", "replace")
        if request.query_params.get("format") == "csv":
            raise InvalidInput(gettext("send the CSV as the body (Content-Type: text/csv) or as a multipart 'file'"),
                               field="file")
        return None

    @extend_schema(request=SuppressionDeleteInput, parameters=FILTERS[:3], operation_id="suppressions_lift_matching",
                   responses={200: OpenApiResponse(description='{"deleted": n}')},
                   description="Lift every entry of a contact (`userId`) or an address, on `channel` or all.")
    def delete(self, request):
        source = request.data if isinstance(request.data, dict) and request.data else request.query_params
        data = SuppressionDeleteInput(data={k: source.get(k) for k in ("channel", "userId", "address") if k in source})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        deleted = services.suppressions_delete_matching(channel=values["channel"], user_id=values["userId"],
                                                        address=values["address"], actor=request.user)
        return Response(SuppressionLiftOutput({"deleted": deleted}).data)


class SuppressionDetailView(APIView):
    resource = "suppressions"

    @extend_schema(responses=SuppressionOutput)
    def get(self, request, suppression_id: int):
        return Response(_masked(request.user, [SuppressionOutput(selectors.suppression_get(suppression_id)).data])[0])

    @extend_schema(responses={204: None})
    def delete(self, request, suppression_id: int):
        services.suppression_delete(selectors.suppression_get(suppression_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
