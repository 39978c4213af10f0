"""Masking contact addresses for read-only users (the `viewer` role, design §8). The one place for it.

Viewers see that a message went to *an* address, not which one: `a***@example.com`,
`+1******0100`. Who is masked: `must_mask(user)`, a viewer with no role that writes
(core.roles), and never staff.

What is masked, recursively through dicts and lists (traits, event properties, message
content, delivery-event details, webhook payloads):

- by key: every value under an address-ish key (`is_address_key`), whatever it looks like;
  under such a key a nested dict or list is masked throughout (`"address": {"street": …}`);
- by shape: every string is searched for emails, phone-like digit runs and our unsubscribe
  links, and those parts are masked in place (rendered bodies, bounce reasons, SMS replies);
  a string holding a JSON document (a webhook body) is masked as that document;
- by value: `known` addresses (the contact's own, e.g. a push token) wherever they appear.

Identifiers (`userId`, `anonymousId`) are not masked: they are how a viewer finds a contact,
and every page links by them. Numbers outside address keys are kept (amounts, counts).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

# Keys are compared normalised: lower-cased, without "_", "-", "." and spaces, so `work_email`,
# `workEmail`, `Work-Email` and a flattened `billing.email` all read `workemail`.
# Whole names only: short words that, as substrings, would hit unrelated keys
# ("to" in "total", "tel" in "hotel", "from" in "fromdate", "cell" in "cancellation").
ADDRESS_KEY_NAMES = frozenset({
    "to", "from", "cc", "bcc", "tel", "fax", "cell", "sms", "replyto", "recipient", "sender", "touser",
})
# Substrings: words that mean an address wherever they appear in a key, e.g. `email`
# (work_email, emailAddress, billing_email), `phone` (telephone, mobile_phone), `mobile`,
# `openid` (wechat_openid), push tokens, `address` (shipping_address, ip_address). A key such
# as `email_status` is masked too: for a viewer, masking too much is the safe mistake.
ADDRESS_KEY_PARTS = (
    "email", "phone", "mobile", "msisdn", "whatsapp", "wechat", "openid", "unionid",
    "devicetoken", "pushtoken", "fcmtoken", "apnstoken", "address",
)

EMAIL = re.compile(r"[\w.%+'\-]+(@|%40)([\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,})")
# A phone-like run: an optional + (or 00, or a URL-encoded %2B), then ≥ 7 digits with at most
# two separators (space, dot, dash, parentheses) between digits. Not inside a word or an id (no
# letter, digit, "+" or "-" right before or after), so order codes and UUIDs stay whole.
PHONE = re.compile(r"(?:(?<![\w+\-])(?:\+|00)?|(?<=%2[Bb]))\(?\d(?:[ \u00a0().\-]{0,2}\d){6,}(?![\w\-])")
# Runs with the phone shape that are dates (an ISO date and the hour after it) or decimals.
NOT_A_PHONE = re.compile(r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?:[ \u00a0T]\d{1,2})?"
                         r"|\d+\.\d+")
PHONE_CHARACTERS = re.compile(r"[+\d\s\u00a0().\-]+")
# The signed one-click link in every email: whoever holds it can unsubscribe the recipient.
UNSUBSCRIBE_LINK = re.compile(r"(/unsubscribe/)[^\s\"'<>/?#&]+")
MAX_JSON_TEXT = 64 * 1024


def must_mask(user) -> bool:
    from core.roles import is_viewer_only

    if user is None or not getattr(user, "is_authenticated", False) or user.is_staff:
        return False
    return is_viewer_only(user)


def is_address_key(key) -> bool:
    name = re.sub(r"[\s_.\-]", "", str(key).lower())
    return name in ADDRESS_KEY_NAMES or any(part in name for part in ADDRESS_KEY_PARTS)


def mask_address(value: str) -> str:
    """Keep enough to recognise the kind of address, hide what identifies the person."""
    if not value:
        return value
    value = str(value)
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if value.startswith(("http://", "https://")):
        scheme, _, rest = value.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/***"
    # A number keeps its country prefix and last four digits; anything else (a token, an openid,
    # a street) would give away too much in any part: nothing is kept.
    if PHONE_CHARACTERS.fullmatch(value) and sum(ch.isdigit() for ch in value) >= 6:
        return f"{value[:2]}{'*' * max(len(value) - 6, 3)}{value[-4:]}"
    return "***"


def _mask_email_match(match: re.Match) -> str:
    return f"{match.group(0)[:1]}***{match.group(1)}{match.group(2)}"


def _mask_phone_match(match: re.Match) -> str:
    run = match.group(0)
    if NOT_A_PHONE.fullmatch(run):
        return run
    return mask_address(run)


def _looks_like_an_address(value: str) -> bool:
    # Not every value under an address key is one (`email_status: "bounced"`): masking every
    # "bounced" in a text would hide words, not people.
    return "@" in value or sum(ch.isdigit() for ch in value) >= 6 or (len(value) >= 16 and " " not in value)


def _known_pattern(known: Iterable[str]) -> re.Pattern | None:
    values = sorted({v for v in (str(k).strip() for k in known if k) if _looks_like_an_address(v)},
                    key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """Free text with every email, phone number, unsubscribe link and `known` address in it masked."""
    return _mask_text(text, _known_pattern(known))


def _mask_text(text: str, known: re.Pattern | None) -> str:
    if not text:
        return text
    stripped = text.strip()
    if stripped[:1] in "{[" and len(stripped) <= MAX_JSON_TEXT:
        try:
            document = json.loads(stripped)
        except ValueError:
            document = None
        if isinstance(document, (dict, list)):
            return json.dumps(_mask(document, known, False), ensure_ascii=False)
    if known is not None:
        text = known.sub(lambda m: mask_address(m.group(0)), text)
    text = UNSUBSCRIBE_LINK.sub(r"\1***", text)
    text = EMAIL.sub(_mask_email_match, text)
    return PHONE.sub(_mask_phone_match, text)


def _mask_scalar_under_address_key(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return mask_address(str(value)) if sum(ch.isdigit() for ch in str(value)) >= 6 else value
    return mask_address(str(value))


def _mask(value, known: re.Pattern | None, under_address_key: bool):
    if isinstance(value, dict):
        return {k: _mask(v, known, under_address_key or is_address_key(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask(v, known, under_address_key) for v in value]
    if under_address_key:
        return _mask_scalar_under_address_key(value)
    if isinstance(value, str):
        return _mask_text(value, known)
    return value


def mask_data(data, known: Iterable[str] = ()):
    """A masked copy of `data` (dict, list, string or number): by key, by shape and `known` values."""
    return _mask(data, _known_pattern(known), False)


def mask_mapping(data: dict, known: Iterable[str] = ()) -> dict:
    """A masked copy of a dict (traits, properties, rendered content); see `mask_data`."""
    if not isinstance(data, dict):
        return data
    return mask_data(data, known)


def addresses_in(data) -> set[str]:
    """The strings under address-ish keys of `data`, at any depth: a contact's addresses, to be
    masked wherever else they appear (an openid inside a rendered body)."""
    found: set[str] = set()

    def walk(value, under_address_key: bool) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, under_address_key or is_address_key(k))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v, under_address_key)
        elif under_address_key and isinstance(value, str) and value.strip():
            found.add(value.strip())

    walk(data, False)
    return found


def contact_addresses(email: str = "", phone: str = "", traits=None) -> set[str]:
    """A contact's addresses: its email and phone and every address-ish trait (`known` for mask_data)."""
    return {v for v in (email, phone) if v} | addresses_in(traits or {})
