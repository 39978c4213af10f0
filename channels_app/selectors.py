"""Reads of the channels app, for its API views, the in-app socket and the services. No writes here.

The `*_get` functions answer Http404 when nothing matches: the API's "not found".
"""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from channels_app.inapp import INBOX_STATUSES
from channels_app.models import Channel, FrequencyCapRule, Message, MessageTemplate, Suppression, TemplateRevision
from core.errors import InvalidInput
from core.validation import parse_int
from journeys.interface import Contact

# --- contacts ---------------------------------------------------------------------------


def contact_by_user_id(user_id: str) -> Contact | None:
    return Contact.objects.filter(user_id=user_id).first()


def contact_id_by_user_id(user_id: str) -> int | None:
    return Contact.objects.filter(user_id=user_id).values_list("pk", flat=True).first()


def contact_pks_by_user_id(user_ids) -> dict[str, int]:
    return dict(Contact.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))


def contact_get(user_id: str) -> Contact:
    return get_object_or_404(Contact, user_id=user_id)


# --- templates --------------------------------------------------------------------------


def template_list(*, channel: str = "") -> QuerySet[MessageTemplate]:
    templates = MessageTemplate.objects.all()
    if channel:
        templates = templates.filter(channel=channel)
    return templates


def template_get(slug: str) -> MessageTemplate:
    return get_object_or_404(MessageTemplate, slug=slug)


def template_revisions(slug: str) -> QuerySet[TemplateRevision]:
    """A template's history, newest first; Http404 when there is neither the template nor any history."""
    revisions = TemplateRevision.objects.filter(slug=slug).select_related("author").order_by("-number")
    if not revisions.exists() and not MessageTemplate.objects.filter(slug=slug).exists():
        raise Http404(f"no template {slug!r}")
    return revisions


def webhook_template_get(slug: str) -> MessageTemplate:
    """A webhook template, the only kind with a signing secret."""
    template = template_get(slug)
    if template.channel != Channel.WEBHOOK:
        raise InvalidInput("only webhook templates have a signing secret", field="channel")
    return template


# --- frequency caps ---------------------------------------------------------------------


def frequency_cap_list(*, journey: str = "", channel: str = "") -> QuerySet[FrequencyCapRule]:
    """`journey` is a journey id, or "null" for the rules that hold across journeys."""
    rules = FrequencyCapRule.objects.all()
    if journey:
        rules = rules.filter(journey_id=None if journey == "null" else parse_int(journey, "journey"))
    if channel:
        rules = rules.filter(channel=channel)
    return rules


def frequency_cap_get(rule_id: int) -> FrequencyCapRule:
    return get_object_or_404(FrequencyCapRule, pk=rule_id)


# --- the blacklist ----------------------------------------------------------------------

CSV_COLUMNS = ("channel", "userId", "address", "reason")  # what the CSV import reads


def suppression_list(*, channel: str = "", user_id: str = "", address: str = "",
                     q: str = "") -> QuerySet[Suppression]:
    """`q`: part of an address or of a reason."""
    rows = Suppression.objects.select_related("contact")
    if channel:
        rows = rows.filter(channel=channel)
    if user_id:
        rows = rows.filter(contact__user_id=user_id)
    if address:
        rows = rows.filter(address=address.strip())
    if q:
        rows = rows.filter(Q(address__icontains=q) | Q(reason__icontains=q))
    return rows


def suppression_get(suppression_id: int) -> Suppression:
    return get_object_or_404(Suppression.objects.select_related("contact"), pk=suppression_id)


def suppressions_csv_rows(queryset):
    """Header then one row per entry; the columns the import reads, plus id and created_at."""
    yield ["id", *CSV_COLUMNS, "created_at"]
    for s in queryset.select_related("contact").order_by("id").iterator(chunk_size=2000):
        # An entry is by contact or by address; one holding both (legacy) exports as its address,
        # so that the file imports back.
        user_id = s.contact.user_id if (s.contact_id and not s.address and s.contact.user_id) else ""
        yield [s.pk, s.channel, user_id, s.address, s.reason, s.created_at.isoformat()]


# --- the in-app inbox -------------------------------------------------------------------


def inbox_unread(contact_id: int) -> QuerySet[Message]:
    """A contact's in-app messages handed over and not yet read (newest first once paginated)."""
    return Message.objects.filter(contact_id=contact_id, channel=Channel.INAPP, status__in=INBOX_STATUSES,
                                  read_at__isnull=True)


def unread_messages(contact_id: int, limit: int = 100) -> list[Message]:
    return list(inbox_unread(contact_id).order_by("-id")[:limit])
