"""Message templates: /api/v1/templates and /api/v1/templates/{slug}."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import services as template_services
from channels_app.models import MessageTemplate
from core.pagination import StableCursorPagination
from journeys.api.serializers import TemplateCreateInput, TemplateOutput, TemplateUpdateInput


class TemplatePagination(StableCursorPagination):
    ordering = "slug"


class TemplateListView(APIView):
    @extend_schema(responses=TemplateOutput(many=True))
    def get(self, request):
        templates = MessageTemplate.objects.all()
        if channel := request.query_params.get("channel"):
            templates = templates.filter(channel=channel)
        paginator = TemplatePagination()
        page = paginator.paginate_queryset(templates, request, view=self)
        return paginator.get_paginated_response(TemplateOutput(page, many=True).data)

    @extend_schema(request=TemplateCreateInput, responses={201: TemplateOutput})
    def post(self, request):
        data = TemplateCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        template = template_services.template_create(**data.validated_data)
        return Response(TemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailView(APIView):
    @extend_schema(responses=TemplateOutput)
    def get(self, request, slug: str):
        return Response(TemplateOutput(get_object_or_404(MessageTemplate, slug=slug)).data)

    @extend_schema(request=TemplateUpdateInput, responses=TemplateOutput)
    def patch(self, request, slug: str):
        template = get_object_or_404(MessageTemplate, slug=slug)
        data = TemplateUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(TemplateOutput(template_services.template_update(template, **data.validated_data)).data)

    @extend_schema(request=TemplateCreateInput, responses=TemplateOutput)
    def put(self, request, slug: str):
        template = get_object_or_404(MessageTemplate, slug=slug)
        data = TemplateUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(TemplateOutput(template_services.template_update(template, **data.validated_data)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, slug: str):
        template_services.template_delete(get_object_or_404(MessageTemplate, slug=slug))
        return Response(status=status.HTTP_204_NO_CONTENT)
