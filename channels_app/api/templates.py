"""/api/v1/templates: message templates (list, create, read, change, delete), their history, preview, test send,
webhook secret.

The list and detail routes are named in journeys/api/urls.py (the `api:` namespace), the others in
channels_app/urls.py.
"""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels_app import selectors
from channels_app.api.serializers import (PreviewInput, PreviewOutput, TemplateCreateInput, TemplateOutput,
                                          TemplateRevisionOutput, TemplateTestInput, TemplateUpdateInput,
                                          TestSendInput, TestSendOutput, WebhookSecretOutput)
from channels_app.services import templates as template_services
from channels_app.services.template_sends import template_test_send
from channels_app.services.template_tests import template_test_to_contact
from channels_app.templating.preview import template_preview
from core.masking import contact_addresses, mask_data, must_mask
from core.pagination import StableCursorPagination

# Templates are pinned (design section 8): approval freezes the content into the journey version.
CHANGE_REACHES = ("The change reaches journeys only through versions approved after it: a live version keeps "
                  "sending the content it was approved with. Recorded in the template's history (…/versions).")


class TemplatePagination(StableCursorPagination):
    ordering = "slug"


class TemplateListView(APIView):
    resource = "templates"
    pagination_class = TemplatePagination  # the schema documents the page shape from it

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
        template = template_services.template_create(user=request.user, **data.validated_data)
        return Response(TemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailView(APIView):
    resource = "templates"

    @extend_schema(responses=TemplateOutput)
    def get(self, request, slug: str):
        return Response(TemplateOutput(selectors.template_get(slug)).data)

    @extend_schema(request=TemplateUpdateInput, responses=TemplateOutput, description=CHANGE_REACHES)
    def patch(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TemplateUpdateInput(data=request.data, partial=True, context={"channel": template.channel})
        data.is_valid(raise_exception=True)
        changed = template_services.template_update(template, user=request.user, **data.validated_data)
        return Response(TemplateOutput(changed).data)

    @extend_schema(request=TemplateCreateInput, responses=TemplateOutput, description=CHANGE_REACHES)
    def put(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TemplateUpdateInput(data=request.data, context={"channel": template.channel})
        data.is_valid(raise_exception=True)
        changed = template_services.template_update(template, user=request.user, **data.validated_data)
        return Response(TemplateOutput(changed).data)

    @extend_schema(responses={204: None, 409: OpenApiResponse(
        description='a live, paused or finishing journey version still sends it: {"detail" naming the journeys '
                    '(name and id), "field": "slug"}; nothing is deleted')})
    def delete(self, request, slug: str):
        template_services.template_delete(selectors.template_get(slug), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateRevisionPagination(StableCursorPagination):
    ordering = "-number"


class TemplateVersionsView(APIView):
    resource = "templates"
    pagination_class = TemplateRevisionPagination  # the schema documents the page shape from it

    @extend_schema(responses={200: TemplateRevisionOutput(many=True),
                              404: OpenApiResponse(description="no such template, and none ever was")},
                   description="The template's history, newest first: one entry per create, change and delete, with "
                               "its content after the edit, before it, who made it and when. Kept after a delete.")
    def get(self, request, slug: str):
        revisions = selectors.template_revisions(slug)
        paginator = TemplateRevisionPagination()
        page = paginator.paginate_queryset(revisions, request, view=self)
        return paginator.get_paginated_response(TemplateRevisionOutput(page, many=True).data)


class TemplatePreviewView(APIView):
    resource = "template_previews"  # renders and writes nothing: the editor shows viewers the preview too

    @extend_schema(request=PreviewInput, responses=PreviewOutput,
                   description="Render for a contact (its language variant, picked by its locale trait, unless "
                               "`locale` names one); lists variables that were missing (rendered empty) and, "
                               "for SMS, length and segments (GSM-7 or UCS-2). Writes nothing.")
    def post(self, request, slug: str):
        template = selectors.template_get(slug)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        preview = template_preview(
            template, user_id=values.get("userId") or None, traits=values.get("traits"), event=values.get("event"),
            journey=values.get("journey"), locale=values.get("locale"))
        rendered = preview.report.content
        if must_mask(request.user):  # rendered for a contact: a viewer sees its addresses masked
            contact = selectors.contact_by_user_id(preview.user_id) if preview.user_id else None
            rendered = mask_data(rendered, contact_addresses(contact.email, contact.phone, contact.traits)
                                 if contact is not None else ())
        return Response(PreviewOutput({
            "slug": template.slug, "channel": template.channel, "userId": preview.user_id,
            "locale": preview.report.locale, "rendered": rendered, "missing": preview.report.missing,
            "defaulted": preview.report.defaulted, "sms": preview.sms, "warnings": preview.warnings,
        }).data)


class TemplateTestSendView(APIView):
    resource = "templates"

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


class TemplateTestView(APIView):
    resource = "template_test_sends"

    @extend_schema(request=TemplateTestInput, responses={200: TestSendOutput, 409: OpenApiResponse(
        description="the test address or the contact is blacklisted on the channel; nothing is sent")},
                   description="A real message rendered for the contact (its language variant), flagged test like a "
                               "journey's test send: to a test address only (`to`, else JOURNEYS_TEST_RECIPIENTS; an "
                               "in-app one to the contact's inbox), past caps and quiet hours, out of the stats.")
    def post(self, request, slug: str):
        template = selectors.template_get(slug)
        data = TemplateTestInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = template_test_to_contact(template, user_id=data.validated_data["userId"],
                                           to=data.validated_data["to"], requested_by=request.user.get_username())
        return Response(TestSendOutput(message).data)


class WebhookSecretView(APIView):
    resource = "template_secrets"

    @extend_schema(responses=WebhookSecretOutput, description="The key receivers verify X-Journeys-Signature with.")
    def get(self, request, slug: str):
        return Response(WebhookSecretOutput(selectors.webhook_template_get(slug)).data)

    @extend_schema(request=None, responses=WebhookSecretOutput, description="Rotate: a new secret, the old one stops.")
    def post(self, request, slug: str):
        template = template_services.webhook_secret_rotate(selectors.template_get(slug))
        return Response(WebhookSecretOutput(template).data)
