"""Addresses and contact traits at the edge (design §8): one form for matching, emails lower-cased, phones E.164.

Traits, contact columns and suppressions all store that form, so a blacklist entry matches
however the address was typed. `normalise_*` refuse what is no address (InputError naming
the field); `matching_address` never raises, for data that is already in (provider callbacks,
`update` nodes, rows stored before normalisation).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

import phonenumbers
from django.utils.translation import gettext

from core.validation import InputError, check_object, check_timezone, child_path, describe

MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path
PHONE_REGION_ENV = "JOURNEYS_DEFAULT_PHONE_REGION"

_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f.]+(?:\.[^@\s\x00-\x1f\x7f.]+)+")
_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]{3,40}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def normalise_email(value: Any, field: str) -> str:
    """A syntactically plausible address, trimmed and lower-cased (the form every match uses)."""
    if not isinstance(value, str):
        raise InputError(field, gettext("must be a string"))
    text = value.strip()
    if len(text) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(text):
        raise InputError(field, gettext("%(value)s is not an email address") % {"value": describe(value)})
    return text.lower()


def default_phone_region() -> str | None:
    """Where a number without a country code is read as local (ISO code like "DE"); unset: it needs +."""
    return os.environ.get(PHONE_REGION_ENV, "").strip().upper() or None


def normalise_phone(value: Any, field: str, region: str | None = None) -> str:
    """E.164 (+ country code and number), via libphonenumber; a possible number, not merely digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(field, gettext("must be a string"))
    text = str(value).strip()
    region = region or default_phone_region()
    number = _e164(text, region) if len(text) <= 64 else None
    if number is None:
        problem = (gettext("%(value)s is not a phone number") if region
                   else gettext("%(value)s is not a phone number with its country code (+…)"))
        raise InputError(field, problem % {"value": describe(value)})
    return number


@lru_cache(maxsize=65536)
def _e164(text: str, region: str | None) -> str | None:
    """Parsing costs ~0.1 ms and the same numbers come back with every identify: remembered."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    # "Possible" (the right length for its country) rather than "valid": number ranges newer than
    # the library's metadata and the reserved 555 test numbers still pass.
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def matching_address(address: str, channel: str | None = None) -> str:
    """Best effort, never raises: the form an address is stored and matched in.

    Emails lower-cased, phone numbers E.164; anything else (a URL, an in-app user id, a number
    that does not parse) only trimmed. `channel` None or "all" guesses from the shape.
    """
    text = (address or "").strip()
    if not text or channel in ("webhook", "inapp"):
        return text
    if "@" in text and (channel == "email" or (channel != "sms" and "://" not in text)):
        return text.lower()
    if channel == "sms" and _E164.fullmatch(text):
        return text  # already the form normalise_phone gives
    if channel == "sms" or _PHONE_LIKE.fullmatch(text):
        return (_e164(text, default_phone_region()) if len(text) <= 64 else None) or text
    return text


def check_traits(value: Any, field: str = "traits") -> dict:
    """A traits object: checked like any JSON, and `email`, `phone`, `timezone` validated.

    Returns a copy with the addresses in their matching form (email lower-cased, phone E.164):
    the trait and the contact's column hold the same normalised value, so conditions, sends and
    suppressions all see one form. None or "" clears an address, as before.
    """
    traits = check_object(value, field)
    checks = {"email": normalise_email, "phone": normalise_phone, "timezone": check_timezone}
    if not any(name in traits for name in checks):
        return traits
    traits = dict(traits)
    for name, check in checks.items():
        if traits.get(name) not in (None, ""):
            traits[name] = check(traits[name], child_path(field, name))
    return traits
