"""The `/contacts/` search: which contacts match the form's filters, one keyset page at a time.

Every filter is an indexed lookup or an EXISTS over indexed rows (userId prefix, exact email or
phone, one trait's value, one computed value, an open segment membership), so a page costs the
same over a million contacts as over a hundred.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from audiences.models import ComputedValue, SegmentMembership
from core.masking import contact_addresses, mask_address, mask_data
from journeys.interface import Contact

PAGE_SIZE = 50
# One JSON key, never a path: "a__b" would reach into nested objects through the ORM.
KEY = re.compile(r"^[A-Za-z0-9_\-]{1,100}$")


class BadSearch(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field, self.message = field_name, message


@dataclass
class SearchForm:
    q: str = ""
    trait: str = ""  # "key:value"
    computed: list[str] = field(default_factory=list)  # ["key:value", …], all must hold
    segment: str = ""

    @classmethod
    def from_query(cls, query) -> SearchForm:
        return cls(q=query.get("q", "").strip(), trait=query.get("trait", "").strip(),
                   computed=[c.strip() for c in query.getlist("computed") if c.strip()],
                   segment=query.get("segment", "").strip())

    def as_params(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q), ("trait", self.trait), ("segment", self.segment)]
        return [(k, v) for k, v in pairs if v] + [("computed", c) for c in self.computed]

    @property
    def filtered(self) -> bool:
        return bool(self.as_params())


def _pair(field_name: str, text: str) -> tuple[str, str]:
    key, sep, value = text.partition(":")
    key = key.strip()
    if not sep or not KEY.match(key) or "__" in key:
        raise BadSearch(field_name, gettext("write it as key:value, e.g. plan:pro"))
    return key, value.strip()


def _values(raw: str) -> list:
    """What `value` may mean in JSON: the text itself, and the number or boolean it spells."""
    values: list = [raw]
    try:
        parsed = json.loads(raw)
    except ValueError:
        return values
    if not isinstance(parsed, (dict, list)) and parsed != raw:
        values.append(parsed)
    return values


def _by_text(q: str) -> Q:
    digits = re.sub(r"[^\d+]", "", q)
    match = Q(user_id=q) | Q(user_id__startswith=q) | Q(email=q.lower())
    if len(digits.lstrip("+")) >= 5:
        match |= Q(phone=digits if digits.startswith("+") else f"+{digits}") | Q(phone=digits)
    return match


def search_queryset(form: SearchForm) -> QuerySet:
    contacts = Contact.objects.filter(user_id__isnull=False)
    if form.q:
        contacts = contacts.filter(_by_text(form.q))
    if form.trait:
        key, raw = _pair("trait", form.trait)
        match = Q()
        for value in _values(raw):
            match |= Q(**{f"traits__{key}__exact": value})  # __exact: a key named "in" or "gt" stays a key
        contacts = contacts.filter(match)
    for index, text in enumerate(form.computed):
        key, raw = _pair("computed", text)
        values = ComputedValue.objects.filter(contact=OuterRef("pk"), key=key)
        match = Q()
        for value in _values(raw):
            match |= Q(value=value)
        contacts = contacts.filter(Exists(values.filter(match)))
    if form.segment:
        contacts = contacts.filter(Exists(SegmentMembership.objects.filter(
            contact=OuterRef("pk"), segment__key=form.segment, exited_at__isnull=True)))
    return contacts.order_by("-id")


def search_page(form: SearchForm, before: str, *, masked: bool) -> tuple[list[dict], int | None]:
    """One page of rows (newest first) and the id to continue before, or None on the last page."""
    contacts = search_queryset(form)
    if before.isdigit():
        contacts = contacts.filter(id__lt=int(before))
    page = list(contacts.only("id", "user_id", "email", "phone", "traits", "updated_at")[:PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return [_row(contact, masked) for contact in page], (page[-1].pk if more and page else None)


def _row(contact, masked: bool) -> dict:
    traits = contact.traits if isinstance(contact.traits, dict) else {}
    shown = {k: v for k, v in traits.items() if k not in ("email", "phone")}
    return {
        "id": contact.pk, "userId": contact.user_id,
        "email": mask_address(contact.email) if masked and contact.email else contact.email,
        "phone": mask_address(contact.phone) if masked and contact.phone else contact.phone,
        "traits": mask_data(shown, contact_addresses(contact.email, contact.phone, traits)) if masked else shown,
        "updated_at": contact.updated_at,
    }
