"""`GET /api/v1/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD` (design section 10). Thin: parse, read, render."""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from broadcasts.calendar.entries import KINDS, MAX_DAYS, calendar_entries

FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2200, 12, 31)


class _RangeInput(serializers.Serializer):
    """`from` and `to`, both required UTC days, both included; `from` is a keyword, hence the type() below."""

    def validate(self, attrs):
        start, end = attrs["from"], attrs["to"]
        for field, value in (("from", start), ("to", end)):
            if not FIRST_DAY <= value <= LAST_DAY:
                raise serializers.ValidationError(
                    {field: [_("must be between %(first)s and %(last)s") % {"first": FIRST_DAY, "last": LAST_DAY}]})
        if end < start:
            raise serializers.ValidationError({"to": [_("must not be before from")]})
        if (end - start).days + 1 > MAX_DAYS:
            raise serializers.ValidationError(
                {"to": [_("the range may cover at most %(days)d days") % {"days": MAX_DAYS}]})
        return {"start": start, "end": end}


RangeInput = type("RangeInput", (_RangeInput,), {
    "from": serializers.DateField(help_text="first UTC day"),
    "to": serializers.DateField(help_text="last UTC day (included)"),
})


class CalendarEntryOutput(serializers.Serializer):
    date = serializers.DateField(help_text="UTC day")
    kind = serializers.ChoiceField(choices=KINDS)
    id = serializers.IntegerField(help_text="the broadcast's id (broadcast), else the journey's")
    name = serializers.CharField()
    channel = serializers.CharField(allow_null=True, help_text="null: several channels, or not known")
    count = serializers.IntegerField(help_text="audience or messages (broadcast), contacts enrolled (journey), "
                                               "contacts coming due (waits)")


_DAY = {"type": "string", "format": "date",
        "pattern": r"^(19[7-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"}


class CalendarView(APIView):
    resource = "calendar"

    @extend_schema(
        parameters=[OpenApiParameter("from", _DAY, required=True, description="first UTC day"),
                    OpenApiParameter("to", _DAY, required=True,
                                     description=f"last UTC day, not before `from`; at most {MAX_DAYS} days in all")],
        responses=CalendarEntryOutput(many=True),
        summary="Broadcasts, journey launches and waits coming due, per UTC day and channel")
    def get(self, request):
        params = RangeInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        entries = calendar_entries(params.validated_data["start"], params.validated_data["end"])
        return Response(CalendarEntryOutput(entries, many=True).data)
