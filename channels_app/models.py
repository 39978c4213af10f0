import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    SMS = "sms"
    EMAIL = "email"
    WEBHOOK = "webhook"
    INAPP = "inapp", "in-app"
    WECHAT = "wechat", "WeChat"


# What a template sends (its name and signing secret are not content): what approval freezes into a version.
TEMPLATE_CONTENT_FIELDS = ("subject", "body", "html", "url", "title", "link", "template_id", "data",
                           "aliyun_template_code", "locales")
# Part of the content only when set: content pinned or recorded before they existed stays equal to today's.
OPTIONAL_CONTENT_FIELDS = ("template_id", "data", "aliyun_template_code", "locales")


def new_webhook_secret() -> str:
    """A per-endpoint signing secret: receivers verify our HMAC with it."""
    return "whsec_" + secrets.token_urlsafe(32)


class MessageTemplate(models.Model):
    """Content a send node refers to by slug. Which fields matter depends on the channel."""

    slug = models.SlugField(max_length=100, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    name = models.CharField(max_length=200, blank=True, default="")
    subject = models.CharField(max_length=500, blank=True, default="")  # email
    body = models.TextField(blank=True, default="")  # sms text, email text part, webhook JSON body, in-app body
    html = models.TextField(blank=True, default="")  # email
    url = models.URLField(max_length=2000, blank=True, default="")  # webhook
    title = models.CharField(max_length=200, blank=True, default="")  # in-app
    link = models.CharField(max_length=2000, blank=True, default="")  # in-app
    # WeChat: the Official Account's template id; `url` above is where a tap on the message leads.
    template_id = models.CharField(max_length=128, blank=True, default="")
    # WeChat template fields; SMS through Aliyun: the TemplateParam values of `aliyun_template_code`.
    data = models.JSONField(default=dict, blank=True)
    aliyun_template_code = models.CharField(max_length=64, blank=True, default="")  # SMS through Aliyun
    # Language variants (design section 10): {"zh-hans": {"subject": …, "body": …}}, each field over the default
    # content; the contact's `locale` trait picks one (channels_app/templating/locales.py).
    locales = models.JSONField(default=dict, blank=True)
    # Webhook: each endpoint gets its own HMAC-SHA256 key, so one leaked receiver cannot forge another's.
    webhook_secret = models.CharField(max_length=100, default=new_webhook_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} ({self.channel})"

    def content(self) -> dict:
        """Its channel and every content field: what a version pins and a revision records."""
        return {"channel": self.channel, **{name: getattr(self, name) for name in TEMPLATE_CONTENT_FIELDS
                                            if getattr(self, name) or name not in OPTIONAL_CONTENT_FIELDS}}


class TemplateRevision(models.Model):
    """One per create, change or delete of a template: its history and the audit of who changed what.

    Keyed by slug, not a foreign key, so the history outlives a deleted template.
    """

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    slug = models.SlugField(max_length=100)
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=8, choices=Action.choices)
    content = models.JSONField(null=True, blank=True)  # after the edit (name included); null once deleted
    before = models.JSONField(null=True, blank=True)  # before it; null on create
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug", "-number"]
        constraints = [models.UniqueConstraint(fields=["slug", "number"], name="template_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.slug} r{self.number} ({self.action})"


class MessageStatus(models.TextChoices):
    QUEUED = "queued"  # allowed by policy, delivery enqueued
    SENDING = "sending"  # handed to the provider; if a worker dies here the outcome is in doubt
    SENT = "sent"  # the provider accepted it
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    BOUNCED = "bounced"
    SUPPRESSED = "suppressed"  # blacklisted or no address: never sent
    CAPPED = "capped"  # a frequency cap held it back: never sent
    DEFERRED = "deferred"  # quiet hours: sent when the window ends
    # Sent, not delivered within the step's fallback_after_seconds: the next channel took over. A late
    # delivery report for it is recorded as an event and moves nothing (one delivered attempt per step).
    SUPERSEDED = "superseded"


BLOCKED_STATUSES = (MessageStatus.SUPPRESSED, MessageStatus.CAPPED, MessageStatus.DEFERRED)
# What counts against a frequency cap: anything that was (or is about to be) sent.
CAP_COUNTED_STATUSES = (
    MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED,
    MessageStatus.UNDELIVERED, MessageStatus.BOUNCED, MessageStatus.SUPERSEDED,
)
# Reached the provider (the stats' "sent"): whatever happened to it afterwards.
PROVIDER_ACCEPTED_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED,
                              MessageStatus.BOUNCED, MessageStatus.SUPERSEDED)
# A message a conversion may be credited to: on its way or arrived, not failed or blocked.
ATTRIBUTABLE_STATUSES = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED)


class Message(models.Model):
    """The delivery log: one row per send attempt of a node visit, written with the policy decision."""

    # No single-column index on journey, version or contact: each leads a composite index below (journey:
    # message_journey_time; version: message_log_version_status; contact: message_contact_time), which serves
    # the same lookups, and every status change rewrites every index of the row. The enrollment keeps its own:
    # delivery looks up a batch's siblings by it, and with the wide once-per-step index as the only choice
    # the planner fell back to scanning the table while statistics lagged behind a fast-growing log.
    enrollment = models.ForeignKey("journeys.Enrollment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="messages")
    journey = models.ForeignKey("journeys.Journey", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="messages", db_index=False)
    version = models.ForeignKey("journeys.JourneyVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", db_index=False)
    node = models.CharField(max_length=100, blank=True, default="")
    visit = models.PositiveIntegerField(default=1)
    contact = models.ForeignKey("journeys.Contact", on_delete=models.CASCADE, related_name="messages", db_index=False)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    template = models.CharField(max_length=100)
    address = models.CharField(max_length=2000, blank=True, default="")
    status = models.CharField(max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    reason = models.CharField(max_length=500, blank=True, default="")
    provider = models.CharField(max_length=32, blank=True, default="")
    provider_id = models.CharField(max_length=200, blank=True, default="")
    error_code = models.CharField(max_length=50, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)  # deferred: quiet hours end
    # A test send of a draft (journeys' test runs): to a test address, left out of stats, conversions and caps.
    is_test = models.BooleanField(default=False, db_default=False)
    # Channel fallback (channels_app/services/fallback.py): the step's attempt number (0 first), the channels
    # still to try after this one {"next", "templates", "after_seconds", …}, and when this sent attempt is
    # superseded unless delivered by then.
    # Database defaults too: set-based inserts that predate fallback (benchmarks, bulk SQL) need not name them.
    step_attempt = models.PositiveSmallIntegerField(default=0, db_default=0)
    fallback = models.JSONField(default=dict, blank=True, db_default=models.Value({}, output_field=models.JSONField()))
    fallback_at = models.DateTimeField(null=True, blank=True)
    # The delivery outbox: the scheduler hands queued messages to the deliver actor in batches and
    # stamps them; a stamp older than the lease means the hand-over was lost and is redone.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    content = models.JSONField(default=dict, blank=True)  # what was rendered and sent
    # Not auto_now_add: the runtime stamps it with the batch's clock, which tests control.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # in-app: the contact marked it read
    # Email: the random id its unsubscribe link carries (signed), so the link holds no address.
    # Set when the link is first built (services/unsubscribe.py): the runtime inserts messages in bulk.
    # Unique as a constraint, not `unique=True`: that also built a LIKE index no lookup uses.
    unsubscribe_key = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # Re-running a step (redelivered actor message, restarted worker) can never send twice.
            # One row per channel tried (step_attempt); re-running a step still never writes one twice.
            models.UniqueConstraint(fields=["enrollment", "node", "visit", "step_attempt"],
                                    name="message_once_per_step_attempt"),
            # However a late delivery report races the fallback timer, a step has one delivered attempt.
            models.UniqueConstraint(fields=["enrollment", "node", "visit"], condition=models.Q(status="delivered"),
                                    name="message_one_delivered_per_step"),
            models.UniqueConstraint(fields=["unsubscribe_key"], name="message_unsubscribe_key_unique"),
        ]
        indexes = [
            models.Index(fields=["contact", "created_at"], name="message_contact_time"),  # caps
            models.Index(fields=["status", "updated_at"], name="message_status_time"),  # sweeper
            models.Index(fields=["id"], condition=models.Q(status="queued"), name="message_queued"),  # outbox
            models.Index(fields=["journey", "created_at"], name="message_journey_time"),
            models.Index(fields=["provider_id"], name="message_provider_id"),
            models.Index(fields=["fallback_at"], condition=models.Q(fallback_at__isnull=False),
                         name="message_fallback_due"),  # the fallback timer sweep
            models.Index(fields=["not_before"], condition=models.Q(status="deferred"),
                         name="message_deferred_due"),  # sends waiting for a budget or a breaker (throttling.py)
            # The delivery log (journeys/selectors/logs.py): each filter + the `-id` cursor is one index walk.
            models.Index(fields=["journey", "id"], name="message_log_journey"),
            models.Index(fields=["journey", "node", "id"], name="message_log_journey_node"),
            models.Index(fields=["status", "id"], name="message_log_status"),
            models.Index(fields=["channel", "id"], name="message_log_channel"),
            models.Index(fields=["contact", "id"], name="message_log_contact"),
            models.Index(fields=["version", "status"], name="message_log_version_status"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} {self.channel} to {self.contact_id}: {self.status}"


class DeliveryEvent(models.Model):
    """What happened to a message after we handed it over: sent, delivered, opened, clicked, bounced…"""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    provider_event_id = models.CharField(max_length=200, null=True, blank=True, unique=True)  # dedupe callbacks
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "id"]


class Suppression(models.Model):
    """A blacklist entry: a contact or an address, on one channel or all."""

    channel = models.CharField(max_length=16, default="all")  # a Channel value or "all"
    contact = models.ForeignKey("journeys.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="suppressions")
    address = models.CharField(max_length=320, blank=True, default="")
    reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | ~models.Q(address=""), name="suppression_has_target"),
            # Automatic suppressions arrive from retried provider callbacks, possibly concurrently:
            # the database, not a read-then-write, keeps them single.
            models.UniqueConstraint(fields=["channel", "address"], condition=~models.Q(address=""),
                                    name="suppression_one_per_address"),
            models.UniqueConstraint(fields=["channel", "contact"], condition=models.Q(address=""),
                                    name="suppression_one_per_contact"),
        ]
        indexes = [models.Index(fields=["address"], name="suppression_address")]


class InboundSms(models.Model):
    """An SMS a contact sent us, by its Twilio MessageSid: a retried or replayed webhook finds it and
    changes nothing (a replayed STOP or START must not flip the blacklist again)."""

    message_sid = models.CharField(max_length=64, unique=True)
    action = models.CharField(max_length=16)  # stop | start | help | message
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]


class FrequencyCapRule(models.Model):
    """At most `limit` messages per contact in a rolling `window_seconds`, per channel or all, global or per journey."""

    channel = models.CharField(max_length=16, default="all")
    limit = models.PositiveIntegerField()
    window_seconds = models.PositiveIntegerField()
    journey = models.ForeignKey("journeys.Journey", null=True, blank=True, on_delete=models.CASCADE, related_name="cap_rules")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class WechatAccessToken(models.Model):
    """The Official Account's access token, shared by every worker: each fetch revokes the previous token,
    so one refresher at a time holds `refreshing_until` (channels_app/providers/wechat_token.py)."""

    app_id = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=1024, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    refreshing_until = models.DateTimeField(null=True, blank=True)


class SandboxDelivery(models.Model):
    """What the sandbox provider would have sent: the request, recorded instead of made."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="sandbox_deliveries")
    channel = models.CharField(max_length=16)
    request = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)


from channels_app.limit_models import BreakerState, ChannelLimit  # noqa: E402,F401  (rows of their own module)
