from django.db import models


class Channel(models.TextChoices):
    SMS = "sms"
    EMAIL = "email"
    WEBHOOK = "webhook"
    INAPP = "inapp", "in-app"


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} ({self.channel})"
