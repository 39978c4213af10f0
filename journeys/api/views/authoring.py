"""Journey authoring: the starters gallery, the next-occurrences preview of date triggers, test sends."""
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import clock
from journeys.api.serializers.authoring import (
    JourneyTemplateOutput, NextOccurrencesInput, NextOccurrencesOutput, TestRunCreatedOutput, TestRunInput,
    TestRunOutput,
)
from journeys.graph.dates import next_occurrences
from journeys.graph.fields import is_timezone
from journeys.graph.nodes import NODE_TYPES
from journeys.selectors.runtime import journey_get
from journeys.selectors.starters import starter_list
from journeys.selectors.test_runs import test_run_status
from journeys.services.test_runs import test_run_start


def request_language(request) -> str:
    """zh-hans when the caller's Accept-Language prefers Chinese, else en (until the workspace i18n lands)."""
    for tag, _ in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if tag.startswith("zh"):
            return "zh-hans"
        if tag.startswith("en"):
            return "en"
    return "en"


class JourneyTemplateListView(APIView):
    resource = "journey_templates"

    @extend_schema(responses=JourneyTemplateOutput(many=True),
                   summary="Starter journeys (files in the repository); start one with POST /journeys/ {template}")
    def get(self, request):
        return Response(JourneyTemplateOutput(starter_list(request_language(request)), many=True).data)


class NextOccurrencesView(APIView):
    resource = "journey_checks"  # a computation: writes nothing

    @extend_schema(request=NextOccurrencesInput, responses=NextOccurrencesOutput,
                   summary="The next moments a date or schedule trigger enters contacts (the editor's preview)")
    def post(self, request):
        data = NextOccurrencesInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        problems = [message for _, message in NODE_TYPES["trigger"].config_errors(values["trigger"])]
        if problems:
            raise ValidationError({"trigger": problems})
        if not is_timezone(values["timezone"]):
            raise ValidationError({"timezone": [gettext("must be an IANA time zone name")]})
        found = next_occurrences(values["trigger"], values.get("now") or clock.now(), values["n"],
                                 values["timezone"], values.get("sample_date"))
        return Response(NextOccurrencesOutput({"occurrences": found}).data)


class JourneyTestRunView(APIView):
    resource = "journeys"

    @extend_schema(request=TestRunInput, responses={201: TestRunCreatedOutput},
                   summary="Test send: the draft run for one contact, waits cut to 1 s, to test addresses only")
    def post(self, request, journey_id: int):
        journey = journey_get(journey_id)
        data = TestRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = test_run_start(journey, user_id=data.validated_data["userId"], to=data.validated_data.get("to", ""),
                             user=request.user)
        url = reverse("api:journey-test-run", kwargs={"journey_id": journey.pk, "run_id": run.pk})
        created = {"run_id": run.pk, "enrollment": run.enrollment_id, "status_url": url}
        return Response(TestRunCreatedOutput(created).data, status=status.HTTP_201_CREATED)


class JourneyTestRunDetailView(APIView):
    resource = "journeys"

    @extend_schema(responses=TestRunOutput, summary="A test send's progress: where it is, what it sent")
    def get(self, request, journey_id: int, run_id: int):
        return Response(TestRunOutput(test_run_status(journey_id, run_id)).data)
