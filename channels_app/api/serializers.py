"""Input / output serializers of the channels API, one pair per view. No business logic: services own that."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from rest_framework import serializers

from channels_app.models import Channel
from channels_app.services.caps import MAX_WINDOW_SECONDS
from core.validation_drf import CheckedDictField, TraitsField, id_field

SUPPRESSION_CHANNELS = [*Channel.values, "all"]
MAX_CAP_LIMIT = 1_000_000


class SuppressionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    userId = serializers.SerializerMethodField()
    address = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_userId(self, suppression) -> str | None:
        return suppression.contact.user_id if suppression.contact_id else None


class SuppressionCreateInput(serializers.Serializer):
    channel = serializers.ChoiceField(choices=SUPPRESSION_CHANNELS, required=False, default="all")
    userId = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=320, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SuppressionDeleteInput(serializers.Serializer):
    channel = serializers.ChoiceField(choices=SUPPRESSION_CHANNELS, required=False, allow_blank=True, default="")
    userId = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=320, required=False, allow_blank=True, default="")


class SuppressionLiftOutput(serializers.Serializer):
    deleted = serializers.IntegerField()


class SuppressionImportOutput(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()


class FrequencyCapOutput(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    limit = serializers.IntegerField()
    window_seconds = serializers.IntegerField()
    journey = serializers.IntegerField(source="journey_id", allow_null=True)
    created_at = serializers.DateTimeField()


class FrequencyCapInput(serializers.Serializer):
    channel = serializers.ChoiceField(choices=SUPPRESSION_CHANNELS, required=False, default="all")
    limit = serializers.IntegerField(min_value=1, max_value=MAX_CAP_LIMIT)
    window_seconds = serializers.IntegerField(min_value=1, max_value=MAX_WINDOW_SECONDS)  # the service's bound
    journey = id_field(required=False, allow_null=True, default=None)


class TemplateOutput(serializers.Serializer):
    slug = serializers.SlugField()
    channel = serializers.CharField()
    name = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    html = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField()
    link = serializers.CharField()
    template_id = serializers.CharField(help_text="wechat: the Official Account's template id")
    data = serializers.DictField(child=serializers.CharField(), help_text="wechat: template field -> text; sms "
                                 "through Aliyun: TemplateParam name -> text (template variables allowed)")
    aliyun_template_code = serializers.CharField(help_text="sms through Aliyun: the registered template code")
    locales = serializers.DictField(child=serializers.DictField(), help_text="language variants: code -> content "
                                    "fields over the default, e.g. {\"zh-hans\": {\"subject\", \"body\"}}; the "
                                    "contact's locale trait picks one")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TemplateCreateInput(serializers.Serializer):
    slug = serializers.SlugField(max_length=100)
    channel = serializers.ChoiceField(choices=Channel.values)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    html = serializers.CharField(required=False, allow_blank=True)
    # A URL; a wechat template's may hold template variables (checked when saved: templating/structured.py).
    url = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    link = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    template_id = serializers.CharField(max_length=128, required=False, allow_blank=True)
    data = CheckedDictField(child=serializers.CharField(allow_blank=True, max_length=2000), required=False)
    aliyun_template_code = serializers.CharField(max_length=64, required=False, allow_blank=True)
    # Language variants; their codes and fields are checked by the service, which names e.g. locales.zh-hans.body.
    locales = CheckedDictField(required=False, help_text='{"zh-hans": {"subject": …, "body": …}}: content fields '
                                                         "of the template's channel, per language")

    def validate(self, attrs):
        channel = attrs.get("channel") or self.context.get("channel")
        if attrs.get("url") and channel != Channel.WECHAT:
            try:
                URLValidator()(attrs["url"])
            except DjangoValidationError:
                raise serializers.ValidationError({"url": ["Enter a valid URL."]}) from None
        return attrs


class TemplateUpdateInput(TemplateCreateInput):
    slug = None
    channel = serializers.ChoiceField(choices=Channel.values, required=False)


class TemplateRevisionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "update", "delete"])
    content = serializers.JSONField(allow_null=True, help_text="after the edit: channel, name and every content "
                                                               "field; null when the template was deleted")
    before = serializers.JSONField(allow_null=True, help_text="before the edit; null when it was created")
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_author(self, revision) -> str | None:
        return revision.author.get_username() if revision.author_id else None


class PreviewInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255, required=False, allow_blank=True)
    locale = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None,
                                   help_text='render this language variant ("" the default content); without it the '
                                             "contact's locale trait picks, as at send time")
    traits = TraitsField(required=False, help_text="merged over the contact's traits")
    event = CheckedDictField(required=False, help_text="the triggering event's properties")
    journey = CheckedDictField(required=False)


class SmsStatsOutput(serializers.Serializer):
    encoding = serializers.ChoiceField(choices=["GSM-7", "UCS-2"])
    characters = serializers.IntegerField()
    units = serializers.IntegerField(help_text="septets (GSM-7) or UTF-16 code units (UCS-2)")
    segments = serializers.IntegerField()
    per_segment = serializers.IntegerField()


class PreviewOutput(serializers.Serializer):
    slug = serializers.CharField()
    channel = serializers.CharField()
    userId = serializers.CharField(allow_null=True)
    locale = serializers.CharField(allow_null=True, help_text="the language variant rendered; null: the default")
    rendered = serializers.DictField(help_text="sms: body; email: subject, text, html; webhook: url, body; "
                                               "inapp: title, body, link")
    missing = serializers.ListField(child=serializers.CharField(), help_text="variables not found, rendered empty")
    defaulted = serializers.ListField(child=serializers.CharField(), help_text="not found, but given a |default")
    sms = SmsStatsOutput(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())


class TestSendInput(serializers.Serializer):
    to = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                               help_text="phone (sms), email (email), URL (webhook, default: the template's); "
                                         "ignored for in-app (the contact's inbox)")
    userId = serializers.CharField(max_length=255, required=False, allow_blank=True, default="",
                                   help_text="render for this contact (default: a trait-less test contact)")


class TemplateTestInput(serializers.Serializer):
    userId = serializers.CharField(max_length=255, help_text="the contact to render for (its language variant)")
    to = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                               help_text="a test address; default: the first of JOURNEYS_TEST_RECIPIENTS for the "
                                         "channel")


class TestSendOutput(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    template = serializers.CharField()
    address = serializers.CharField()
    userId = serializers.CharField(source="contact.user_id")
    status = serializers.CharField()
    reason = serializers.CharField()
    provider = serializers.CharField()
    provider_id = serializers.CharField()
    sandbox = serializers.SerializerMethodField()
    test = serializers.BooleanField(source="is_test")
    content = serializers.DictField()
    created_at = serializers.DateTimeField()

    def get_sandbox(self, message) -> bool:
        return message.provider == "sandbox"


class WebhookSecretOutput(serializers.Serializer):
    slug = serializers.CharField()
    secret = serializers.CharField(source="webhook_secret")
    header = serializers.CharField(default="X-Journeys-Signature")
    scheme = serializers.CharField(default="t=<unix seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<raw body>')>")


class InAppTokenOutput(serializers.Serializer):
    userId = serializers.CharField()
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    websocket = serializers.CharField(help_text="path to open with this token")


class InAppMessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField()


class InAppReadInput(serializers.Serializer):
    ids = serializers.ListField(child=id_field(), max_length=500)


class InAppReadOutput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField())
