"""What a broadcast may say: each check raises InvalidInput naming its field, before anything is written."""
from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from audiences.models import Segment
from channels_app.models import Channel, MessageTemplate
from core import clock
from core.errors import InvalidInput

MAX_SPREAD_MINUTES = 1440  # a day: a longer spread is a journey, not a broadcast
FIELDS = ("name", "segment", "channel", "template", "send_at", "send_over_minutes")


def check_name(name) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise InvalidInput(_("name: must not be empty"), field="name")
    if len(name) > 200:
        raise InvalidInput(_("name: at most 200 characters"), field="name")
    return name


def check_segment(key) -> str:
    if not isinstance(key, str) or not Segment.objects.filter(key=key).exists():
        raise InvalidInput(_("segment: no saved segment with the key %(key)r") % {"key": key}, field="segment")
    return key


def check_channel(channel) -> str:
    if channel not in Channel.values:
        raise InvalidInput(_("channel: must be one of %(channels)s") % {"channels": ", ".join(Channel.values)},
                           field="channel")
    return channel


def check_template(slug, channel: str) -> str:
    found = MessageTemplate.objects.filter(slug=slug).values_list("channel", flat=True).first() \
        if isinstance(slug, str) else None
    if found is None:
        raise InvalidInput(_("template: no template with the slug %(slug)r") % {"slug": slug}, field="template")
    if found != channel:
        raise InvalidInput(_("template: %(slug)r is a %(found)s template, not %(channel)s")
                           % {"slug": slug, "found": found, "channel": channel}, field="template")
    return slug


def check_send_at(send_at) -> datetime | None:
    if send_at is None:
        return None
    if not isinstance(send_at, datetime):
        raise InvalidInput(_("send_at: must be a date and time, or null to send when published"), field="send_at")
    if send_at <= clock.now():
        raise InvalidInput(_("send_at: is in the past; choose a later time, or null to send when published"),
                           field="send_at")
    return send_at


def check_spread(minutes) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_SPREAD_MINUTES:
        raise InvalidInput(_("send_over_minutes: must be a whole number from 0 to %(max)s")
                           % {"max": MAX_SPREAD_MINUTES}, field="send_over_minutes")
    return minutes


def checked_fields(fields: dict) -> dict:
    """The broadcast's fields, checked in the order of FIELDS (the template against the channel)."""
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InvalidInput(_("%(field)s: not a field of a broadcast") % {"field": unknown[0]}, field=unknown[0])
    checked = {"name": check_name(fields["name"]), "segment": check_segment(fields["segment"]),
               "channel": check_channel(fields["channel"])}
    checked["template"] = check_template(fields["template"], checked["channel"])
    checked["send_at"] = check_send_at(fields.get("send_at"))
    checked["send_over_minutes"] = check_spread(fields.get("send_over_minutes", 0))
    return checked
