"""/api/v1/rfm: the RFM model (read by everyone, changed by marketers), its grid and named segments."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from audiences.api.rfm_serializers import RfmCellOutput, RfmConfigSerializer, RfmSegmentOutput
from audiences.models import RfmConfig
from audiences.selectors import rfm as selectors
from audiences.services import rfm as services


class RfmConfigView(APIView):
    resource = "audience_models"

    @extend_schema(responses=RfmConfigSerializer, summary="The RFM model")
    def get(self, request):
        return Response(RfmConfigSerializer(RfmConfig.current()).data)

    @extend_schema(request=RfmConfigSerializer, responses=RfmConfigSerializer,
                   summary="Change the RFM model; every contact is scored again")
    def put(self, request):
        config = RfmConfig.current()
        data = RfmConfigSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        config = services.rfm_update(config, actor=request.user, **data.validated_data)
        return Response(RfmConfigSerializer(config).data)


class RfmGridView(APIView):
    resource = "audience_models"

    @extend_schema(responses=RfmCellOutput(many=True), summary="Recency × frequency: 25 cells with contacts and "
                                                               "average monetary value")
    def get(self, request):
        return Response(RfmCellOutput(selectors.grid(), many=True).data)


class RfmSegmentsView(APIView):
    resource = "audience_models"

    @extend_schema(responses=RfmSegmentOutput(many=True), summary="Contacts in each of the eight RFM segments")
    def get(self, request):
        return Response(RfmSegmentOutput(selectors.segments(), many=True).data)
