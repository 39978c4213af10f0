"""Template preview, test send and the webhook signing secret (templates CRUD is journeys/api/views/templates.py)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import services_templates
from channels_app.api.serializers import (PreviewInput, PreviewOutput, TestSendInput, TestSendOutput,
                                          WebhookSecretOutput)
from channels_app.models import Channel, MessageTemplate
from core.errors import InvalidInput


class TemplatePreviewView(APIView):
    @extend_schema(request=PreviewInput, responses=PreviewOutput,
                   description="Render for a contact; lists variables that were missing (rendered empty) and, "
                               "for SMS, length and segments (GSM-7 or UCS-2). Writes nothing.")
    def post(self, request, slug: str):
        template = get_object_or_404(MessageTemplate, slug=slug)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        preview = services_templates.template_preview(
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
        template = get_object_or_404(MessageTemplate, slug=slug)
        data = TestSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data["to"] and template.channel in (Channel.SMS, Channel.EMAIL):
            raise InvalidInput("where to send it is needed", field="to")
        message = services_templates.template_test_send(
            template, to=data.validated_data["to"], user_id=data.validated_data["userId"] or None,
            requested_by=request.user.get_username())
        return Response(TestSendOutput(message).data)


class WebhookSecretView(APIView):
    @extend_schema(responses=WebhookSecretOutput, description="The key receivers verify X-Journeys-Signature with.")
    def get(self, request, slug: str):
        template = get_object_or_404(MessageTemplate, slug=slug)
        if template.channel != Channel.WEBHOOK:
            raise InvalidInput("only webhook templates have a signing secret", field="channel")
        return Response(WebhookSecretOutput(template).data)

    @extend_schema(request=None, responses=WebhookSecretOutput, description="Rotate: a new secret, the old one stops.")
    def post(self, request, slug: str):
        template = services_templates.webhook_secret_rotate(get_object_or_404(MessageTemplate, slug=slug))
        return Response(WebhookSecretOutput(template).data)
