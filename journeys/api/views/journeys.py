"""Journeys: CRUD, the draft graph (with ETag / If-Match), validation."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import StableCursorPagination
from journeys import selectors
from journeys.api.serializers.journeys import (
    DraftSaveOutput, JourneyCreateInput, JourneyDetailOutput, JourneyOutput, JourneyUpdateInput, ValidationOutput,
)
from journeys.api.views.paging import paged_response
from journeys.models import Journey
from journeys.selectors.runtime import journey_get
from journeys.services import journeys as journey_services
from journeys.services.starters import journey_create_from_starter
from journeys.services.validation import journey_validate


def journey_payload(journey: Journey, *, detail: bool = False) -> dict:
    """What `JourneyOutput` (or, with `detail`, `JourneyDetailOutput`) renders for a journey."""
    live = selectors.journey_live_version(journey)
    editable = selectors.journey_editable_version(journey)
    data = {
        "id": journey.pk, "name": journey.name, "status": journey.status,
        "live_version": live.number if live else None,
        "draft_version": editable.number if editable else None,
        "draft_status": editable.status if editable else None,
        "created_by": journey.created_by.get_username() if journey.created_by else None,
        "created_at": journey.created_at, "updated_at": journey.updated_at,
    }
    if detail:
        data["draft"] = selectors.journey_latest_version(journey).graph
    return data


def validation_payload(issues) -> dict:
    return {"valid": not any(i.severity == "error" for i in issues), "issues": [i.to_dict() for i in issues]}


class JourneyListView(APIView):
    resource = "journeys"
    pagination_class = StableCursorPagination

    @extend_schema(
        responses=JourneyOutput(many=True),
        parameters=[OpenApiParameter("search", str), OpenApiParameter("status", str)],
    )
    def get(self, request):
        journeys = selectors.journey_list(search=request.query_params.get("search", ""),
                                          status=request.query_params.get("status", ""))
        return paged_response(self, request, journeys,
                              lambda page: JourneyOutput([journey_payload(j) for j in page], many=True).data)

    @extend_schema(request=JourneyCreateInput, responses={201: JourneyDetailOutput})
    def post(self, request):
        data = JourneyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "template" in data.validated_data:  # a starter: its graph, its message templates created when missing
            journey = journey_create_from_starter(name=data.validated_data["name"], key=data.validated_data["template"],
                                                  user=request.user)
            return Response(JourneyDetailOutput(journey_payload(journey, detail=True)).data,
                            status=status.HTTP_201_CREATED)
        graph = None
        if "draft" in data.validated_data:
            graph = journey_services.parse_graph(data.validated_data["draft"])
        journey = journey_services.journey_create(name=data.validated_data["name"], graph=graph, user=request.user)
        return Response(JourneyDetailOutput(journey_payload(journey, detail=True)).data, status=status.HTTP_201_CREATED)


class JourneyDetailView(APIView):
    resource = "journeys"

    @extend_schema(responses=JourneyDetailOutput)
    def get(self, request, journey_id: int):
        return Response(JourneyDetailOutput(journey_payload(journey_get(journey_id), detail=True)).data)

    @extend_schema(request=JourneyUpdateInput, responses=JourneyDetailOutput)
    def patch(self, request, journey_id: int):
        journey = journey_get(journey_id)
        data = JourneyUpdateInput(data=request.data, partial=True)  # PATCH: what is absent stays
        data.is_valid(raise_exception=True)
        if "name" in data.validated_data:
            journey_services.journey_rename(journey, name=data.validated_data["name"], user=request.user)
        return Response(JourneyDetailOutput(journey_payload(journey, detail=True)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, journey_id: int):
        journey_services.journey_delete(journey_get(journey_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JourneyDraftView(APIView):
    """The editable graph. GET returns an ETag; PUT with If-Match refuses a stale save (412)."""

    resource = "journeys"

    @extend_schema(responses=OpenApiTypes.OBJECT, description="The schema-1 graph of the newest version.")
    def get(self, request, journey_id: int):
        version = selectors.journey_latest_version(journey_get(journey_id))
        return Response(version.graph, headers={"ETag": version.etag})

    @extend_schema(request=OpenApiTypes.OBJECT, responses=DraftSaveOutput, description="A schema-1 graph.",
                   parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)])
    def put(self, request, journey_id: int):
        journey = journey_get(journey_id)
        graph = journey_services.parse_graph(request.data)
        version = journey_services.journey_draft_save(
            journey, graph=graph, user=request.user, if_match=request.headers.get("If-Match"))
        body = {"version": version.number, "draft": version.graph, **validation_payload(journey_validate(graph))}
        return Response(DraftSaveOutput(body).data, headers={"ETag": version.etag})


class JourneyValidateView(APIView):
    resource = "journey_checks"  # validation writes nothing

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ValidationOutput,
                   description="Validates the graph in the body, or the saved draft when the body is empty.")
    def post(self, request, journey_id: int):
        journey = journey_get(journey_id)
        data = request.data if request.data else selectors.journey_latest_version(journey).graph
        graph = journey_services.parse_graph(data)
        return Response(ValidationOutput(validation_payload(journey_validate(graph))).data)
