"""Running journeys: enroll, launch, simulate, enrollments."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import roles
from journeys import selectors
from core.pagination import StableCursorPagination
from journeys.models import Enrollment, Journey, Launch
from core.roles import role_required
from journeys.services import launches
from journeys.services.enrollments import enrollment_enter
from core.errors import Conflict, InvalidInput
from journeys.services.simulate import simulate


class EnrollInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255)


class LaunchInput(serializers.Serializer):
    condition = serializers.JSONField(required=False, allow_null=True)


class SimulateInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255, required=False)
    traits = serializers.DictField(required=False)
    events = serializers.ListField(child=serializers.DictField(), required=False)
    version = serializers.ChoiceField(choices=["draft", "live"], required=False, default="draft")

    def validate(self, attrs):
        if not attrs.get("userId") and "traits" not in attrs:
            raise serializers.ValidationError({"userId": "give userId or traits"})
        return attrs


def enrollment_payload(enrollment: Enrollment) -> dict:
    return {
        "id": enrollment.pk, "journey": enrollment.journey_id, "version": enrollment.version.number,
        "userId": enrollment.contact.user_id, "state": enrollment.state, "current_node": enrollment.current_node,
        "wake_at": enrollment.wake_at, "waiting_for": enrollment.waiting_for or None, "variants": enrollment.variants,
        "path": enrollment.path, "entered_at": enrollment.entered_at, "exited_at": enrollment.exited_at,
        "converted_at": enrollment.converted_at, "exit_reason": enrollment.exit_reason or None,
    }


def launch_payload(launch: Launch) -> dict:
    return {"id": launch.pk, "journey": launch.journey_id, "state": launch.state, "condition": launch.condition,
            "examined": launch.examined, "matched": launch.matched, "enrolled": launch.enrolled,
            "total": launch.total, "created_at": launch.created_at, "updated_at": launch.updated_at}


class JourneyEnrollView(APIView):
    permission_classes = [IsAuthenticated, role_required(roles.MARKETER, roles.APPROVER)]

    @extend_schema(request=EnrollInput, responses={201: dict}, summary="Enroll one contact into the live version")
    def post(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        data = EnrollInput(data=request.data)
        data.is_valid(raise_exception=True)
        contact = selectors.contact_by_user_id(data.validated_data["userId"])
        if contact is None:
            raise InvalidInput(f"no contact with userId {data.validated_data['userId']!r}; identify it first", field="userId")
        version = selectors.journey_live_version(journey)
        if version is None or version.status != "live":
            raise Conflict("only a live journey enrolls contacts; publish it first", field="status")
        result = enrollment_enter(version, [contact.pk])
        if not result.enrolled:
            raise Conflict(f"not enrolled: {result.skipped.get(contact.pk, 'not eligible')}", field="userId")
        enrollment = Enrollment.objects.select_related("contact", "version").get(pk=result.enrolled[0])
        return Response(enrollment_payload(enrollment), status=status.HTTP_201_CREATED)


class JourneyLaunchView(APIView):
    permission_classes = [IsAuthenticated, role_required(roles.MARKETER, roles.APPROVER)]

    @extend_schema(request=LaunchInput, responses={202: dict},
                   summary="Enroll every contact matching the condition (all contacts when omitted), in batches")
    def post(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        data = LaunchInput(data=request.data)
        data.is_valid(raise_exception=True)
        launch = launches.launch_create(journey, condition=data.validated_data.get("condition"), user=request.user)
        body = launch_payload(launch)
        body["progress_url"] = request.build_absolute_uri(f"/api/v1/journeys/{journey.pk}/launches/{launch.pk}")
        return Response(body, status=status.HTTP_202_ACCEPTED)


class JourneyLaunchDetailView(APIView):
    @extend_schema(responses=dict, summary="Progress of an audience launch")
    def get(self, request, journey_id: int, launch_id: int):
        return Response(launch_payload(get_object_or_404(Launch, pk=launch_id, journey_id=journey_id)))


class JourneySimulateView(APIView):
    viewer_safe = True  # a dry run writes nothing

    @extend_schema(request=SimulateInput, responses=dict,
                   summary="Dry run: the path a contact would take, with simulated time; writes and sends nothing")
    def post(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        data = SimulateInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = (selectors.journey_live_version(journey) if data.validated_data["version"] == "live"
                   else selectors.journey_latest_version(journey))
        if version is None:
            raise Conflict("the journey has no live version", field="version")
        result = simulate(version.graph, journey.pk, user_id=data.validated_data.get("userId"),
                          traits=data.validated_data.get("traits"), events=data.validated_data.get("events"))
        return Response({"version": version.number, **result})


class JourneyEnrollmentsView(APIView):
    @extend_schema(responses=dict, summary="Enrollments of the journey, newest first; ?userId= and ?state= filter")
    def get(self, request, journey_id: int):
        enrollments = Enrollment.objects.filter(journey_id=journey_id).select_related("contact", "version")
        if user_id := request.query_params.get("userId"):
            enrollments = enrollments.filter(contact__user_id=user_id)
        if state := request.query_params.get("state"):
            enrollments = enrollments.filter(state=state)
        paginator = StableCursorPagination()
        page = paginator.paginate_queryset(enrollments, request, view=self)
        return paginator.get_paginated_response([enrollment_payload(e) for e in page])
