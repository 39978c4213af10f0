"""/api/v1/templates: message templates (list, create, read, change, delete), preview, test send, webhook secret.

The list and detail routes are named in journeys/api/urls.py (the `api:` namespace), the others in
channels_app/urls.py.
"""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import selectors
from channels_app.api.serializers import (PreviewInput, PreviewOutput, TemplateCreateInput, TemplateOutput,
                                          TemplateUpdateInput, TestSendInput, TestSendOutput, WebhookSecretOutput)
from channels_app.services import templates as template_services
from channels_app.services.template_sends import template_test_send
from channels_app.templating.preview import template_preview
from core.pagination import StableCursorPagination


class TemplatePagination(StableCursorPagination):
    ordering = "slug"


class TemplateListView(APIView):
    @extend_schema(responses=TemplateOutput(many=True))
    def get(self, request):
        templates = selectors.template_list(channel=request.query_params.get("channel", ""))
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
        return Response(TemplateOutput(selectors.template_get(slug)).data)

    @extend_schema(request=TemplateUpdateInput, responses=TemplateOutput)
    def patch(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TemplateUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(TemplateOutput(template_services.template_update(template, **data.validated_data)).data)

    @extend_schema(request=TemplateCreateInput, responses=TemplateOutput)
    def put(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TemplateUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(TemplateOutput(template_services.template_update(template, **data.validated_data)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, slug: str):
        template_services.template_delete(selectors.template_get(slug))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplatePreviewView(APIView):
    viewer_safe = True  # renders and writes nothing: the editor shows viewers the preview too

    @extend_schema(request=PreviewInput, responses=PreviewOutput,
                   description="Render for a contact; lists variables that were missing (rendered empty) and, "
                               "for SMS, length and segments (GSM-7 or UCS-2). Writes nothing.")
    def post(self, request, slug: str):
        template = selectors.template_get(slug)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        preview = template_preview(
            template, user_id=values.get("userId") or None, traits=values.get("traits"), event=values.get("event"),
            journey=values.get("journey"))
        return Response(PreviewOutput({
            "slug": template.slug, "channel": template.channel, "userId": preview.user_id,
            "rendered": preview.report.content, "missing": preview.report.missing,
            "defaulted": preview.report.defaulted, "sms": preview.sms, "warnings": preview.warnings,
        }).data)


class TemplateTestSendView(APIView):
    @extend_schema(request=TestSendInput, responses={200: TestSendOutput},
                   description="Send once, now, past caps and quiet hours (never to a blacklisted address: 409). "
                               "The answer is the logged message after the first delivery attempt.")
    def post(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TestSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = template_test_send(template, to=data.validated_data["to"],
                                     user_id=data.validated_data["userId"] or None,
                                     requested_by=request.user.get_username())
        return Response(TestSendOutput(message).data)


class WebhookSecretView(APIView):
    @extend_schema(responses=WebhookSecretOutput, description="The key receivers verify X-Journeys-Signature with.")
    def get(self, request, slug: str):
        return Response(WebhookSecretOutput(selectors.webhook_template_get(slug)).data)

    @extend_schema(request=None, responses=WebhookSecretOutput, description="Rotate: a new secret, the old one stops.")
    def post(self, request, slug: str):
        template = template_services.webhook_secret_rotate(selectors.template_get(slug))
        return Response(WebhookSecretOutput(template).data)
