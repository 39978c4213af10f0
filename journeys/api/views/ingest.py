"""Segment-compatible ingest: POST /api/v1/identify, /track, /batch."""
from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from journeys.api.auth import UserTokenBasicAuthentication, WriteKeyAuthentication
from journeys.api.ingest_payloads import parse_batch, parse_call
from journeys.api.serializers.ingest import BATCH_INPUT, IDENTIFY_INPUT, TRACK_INPUT, IngestOutput
from journeys.api.throttling import IngestRateThrottle
from core.errors import ServiceError
from core.validation_drf import CheckedJSONParser
from journeys.services.ingest import IngestResult, ingest_calls


class PayloadTooLarge(ServiceError):
    status_code = 413


class IngestView(APIView):
    # Write keys (Token or Basic), user tokens (Token or, Segment style, Basic) and sessions; who may is core.permissions.
    authentication_classes = [WriteKeyAuthentication, TokenAuthentication, UserTokenBasicAuthentication,
                              SessionAuthentication]
    resource = "ingest"
    parser_classes = [CheckedJSONParser]  # size, depth, strings and numbers checked (core.validation)
    throttle_classes = [IngestRateThrottle]  # per API key (JOURNEYS_INGEST_RATE): 429 with Retry-After
    kind: str | None = None  # identify / track; None: a batch

    def post(self, request):
        limit = settings.INGEST_MAX_BATCH_BYTES
        if len(request._request.body) > limit:
            raise PayloadTooLarge(f"body is {len(request._request.body)} bytes; at most {limit} are accepted", field="batch")
        if self.kind is None:
            calls, ignored = parse_batch(request.data, settings.INGEST_MAX_BATCH_ITEMS)
        else:
            call = parse_call(request.data, self.kind)
            calls, ignored = ([call] if call else []), 0
        result = ingest_calls(calls) if calls else IngestResult()
        return Response(IngestOutput({
            "success": True, "identified": result.identified, "tracked": result.tracked,
            "duplicates": result.duplicates, "ignored": ignored,
        }).data)


@extend_schema(request={"application/json": IDENTIFY_INPUT}, responses=IngestOutput, summary="Create or update a contact")
class IdentifyView(IngestView):
    kind = "identify"


@extend_schema(request={"application/json": TRACK_INPUT}, responses=IngestOutput, summary="Record an event (same messageId twice: stored once)")
class TrackView(IngestView):
    kind = "track"


@extend_schema(request={"application/json": BATCH_INPUT}, responses=IngestOutput, summary="Up to 1,000 identify/track items, 500 KB; all or nothing")
class BatchView(IngestView):
    kind = None
