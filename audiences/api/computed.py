"""/api/v1/computed-traits: per-contact values the product keeps from events (design section 9)."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from audiences.api.computed_serializers import ComputedTraitInput, ComputedTraitOutput
from audiences.selectors import computed as selectors
from audiences.services import computed as services


class ComputedTraitListView(APIView):
    resource = "computed_traits"

    @extend_schema(responses=ComputedTraitOutput(many=True), summary="Every computed trait")
    def get(self, request):
        return Response(ComputedTraitOutput(selectors.trait_list(), many=True).data)

    @extend_schema(request=ComputedTraitInput, responses={201: ComputedTraitOutput},
                   summary="Define a computed trait; every contact's value is computed at once")
    def post(self, request):
        data = ComputedTraitInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.setdefault("name", "")
        fields["name"] = fields["name"] or fields["key"]
        trait = services.trait_create(**fields, actor=request.user)
        return Response(ComputedTraitOutput(trait).data, status=status.HTTP_201_CREATED)


class ComputedTraitDetailView(APIView):
    resource = "computed_traits"

    @extend_schema(responses=ComputedTraitOutput, summary="One computed trait")
    def get(self, request, key: str):
        return Response(ComputedTraitOutput(selectors.trait_get(key)).data)

    @extend_schema(request=ComputedTraitInput, responses=ComputedTraitOutput,
                   summary="Change a computed trait; every contact's value is computed again")
    def patch(self, request, key: str):
        trait = selectors.trait_get(key)
        data = ComputedTraitInput(data=request.data, partial=True, current=trait)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data and k != "key"}
        return Response(ComputedTraitOutput(services.trait_update(trait, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None}, summary="Remove a computed trait and its values")
    def delete(self, request, key: str):
        services.trait_delete(selectors.trait_get(key), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
