"""/api/v1/lifecycle: the stage lines (read by everyone, changed by marketers) and the stage summary."""
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audiences.models import LifecycleConfig
from audiences.selectors import lifecycle as selectors
from audiences.services import lifecycle as services


class LifecycleConfigSerializer(serializers.Serializer):
    active_events = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1, max_length=100)
    new_days = serializers.IntegerField(min_value=1, max_value=3650)
    active_days = serializers.IntegerField(min_value=1, max_value=3650)
    churn_days = serializers.IntegerField(min_value=1, max_value=3650)
    updated_at = serializers.DateTimeField(read_only=True)

    def validate(self, attrs):
        if attrs["churn_days"] <= attrs["active_days"]:
            raise serializers.ValidationError({"churn_days": [gettext("must be more than active_days")]})
        return attrs


# "from" is a Python keyword, so this serializer's fields are given as a mapping.
LifecycleMoveOutput = type("LifecycleMoveOutput", (serializers.Serializer,), {
    "from": serializers.CharField(allow_null=True), "to": serializers.CharField(allow_null=True),
    "contacts": serializers.IntegerField(),
})


class LifecycleSummaryOutput(serializers.Serializer):
    stages = serializers.DictField(child=serializers.IntegerField(), help_text="stage -> contacts")
    moves = LifecycleMoveOutput(many=True, help_text="stage moves of the last 30 days")
    since = serializers.DateTimeField()


class LifecycleConfigView(APIView):
    resource = "audience_models"

    @extend_schema(responses=LifecycleConfigSerializer, summary="The lifecycle stage lines")
    def get(self, request):
        return Response(LifecycleConfigSerializer(LifecycleConfig.current()).data)

    @extend_schema(request=LifecycleConfigSerializer, responses=LifecycleConfigSerializer,
                   summary="Change the lifecycle stage lines; every contact is placed again")
    def put(self, request):
        config = LifecycleConfig.current()
        data = LifecycleConfigSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        config = services.lifecycle_update(config, actor=request.user, **data.validated_data)
        return Response(LifecycleConfigSerializer(config).data)


class LifecycleSummaryView(APIView):
    resource = "audience_models"

    @extend_schema(responses=LifecycleSummaryOutput, summary="Contacts per stage and the moves of the last 30 days")
    def get(self, request):
        return Response(LifecycleSummaryOutput(selectors.summary()).data)
