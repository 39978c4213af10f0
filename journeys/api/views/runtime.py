"""Running journeys: enroll, launch, simulate, enrollments."""
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import Conflict
from core.masking import contact_addresses, mask_data, mask_text, must_mask
from core.pagination import StableCursorPagination
from journeys import selectors
from journeys.api.serializers.runtime import (
    EnrollInput, EnrollmentOutput, LaunchCreatedOutput, LaunchInput, LaunchOutput, SimulateInput, SimulateOutput,
)
from journeys.api.views.paging import paged_response
from journeys.selectors import runtime as runtime_selectors
from journeys.services import launches
from journeys.services.enrollments import enrollment_enroll_user
from journeys.services.simulate import simulate


class JourneyEnrollView(APIView):
    resource = "journeys"

    @extend_schema(request=EnrollInput, responses={201: EnrollmentOutput},
                   summary="Enroll one contact into the live version")
    def post(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        data = EnrollInput(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_enroll_user(journey, data.validated_data["userId"])
        return Response(EnrollmentOutput(enrollment).data, status=status.HTTP_201_CREATED)


class JourneyLaunchView(APIView):
    resource = "journeys"

    @extend_schema(request=LaunchInput, responses={202: LaunchCreatedOutput},
                   summary="Enroll every contact matching the condition (all contacts when omitted), in batches")
    def post(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        data = LaunchInput(data=request.data)
        data.is_valid(raise_exception=True)
        segment = data.validated_data.get("segment")
        condition = {"segment": segment} if segment else data.validated_data.get("condition")
        launch = launches.launch_create(journey, condition=condition, user=request.user)
        return Response(LaunchCreatedOutput(launch, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class JourneyLaunchDetailView(APIView):
    resource = "journeys"

    @extend_schema(responses=LaunchOutput, summary="Progress of an audience launch")
    def get(self, request, journey_id: int, launch_id: int):
        return Response(LaunchOutput(runtime_selectors.launch_get(journey_id, launch_id)).data)


class JourneySimulateView(APIView):
    resource = "journey_checks"  # a dry run writes nothing

    @extend_schema(request=SimulateInput, responses=SimulateOutput,
                   summary="Dry run: the path a contact would take, with simulated time; writes and sends nothing")
    def post(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        data = SimulateInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = (selectors.journey_live_version(journey) if data.validated_data["version"] == "live"
                   else selectors.journey_latest_version(journey))
        if version is None:
            raise Conflict(gettext("the journey has no live version"), field="version")
        result = simulate(version.graph, journey.pk, user_id=data.validated_data.get("userId"),
                          traits=data.validated_data.get("traits"), events=data.validated_data.get("events"),
                          start=data.validated_data.get("now"))
        if must_mask(request.user):  # a stored contact's traits, and send verdicts quoting its blacklist entry
            known = contact_addresses(traits=result["traits"])
            result["traits"] = mask_data(result["traits"], known)
            result["path"] = [{**step, "reason": mask_text(step["reason"], known)} if step.get("reason") else step
                              for step in result["path"]]
        return Response(SimulateOutput({"version": version.number, **result}).data)


class JourneyEnrollmentsView(APIView):
    resource = "journeys"
    pagination_class = StableCursorPagination

    @extend_schema(responses=EnrollmentOutput(many=True),
                   parameters=[OpenApiParameter("userId", str), OpenApiParameter("state", str)],
                   summary="Enrollments of the journey, newest first; ?userId= and ?state= filter")
    def get(self, request, journey_id: int):
        enrollments = runtime_selectors.enrollment_list(journey_id, user_id=request.query_params.get("userId", ""),
                                                        state=request.query_params.get("state", ""))
        masked = must_mask(request.user)
        return paged_response(self, request, enrollments,
                              lambda page: _masked_exit_reasons(EnrollmentOutput(page, many=True).data, masked))


def _masked_exit_reasons(rows, masked: bool):
    """An exit reason may quote a blacklist entry (`suppressed: … bounce …`): masked for viewers."""
    if masked:
        for row in rows:
            if row.get("exit_reason"):
                row["exit_reason"] = mask_text(row["exit_reason"])
    return rows
