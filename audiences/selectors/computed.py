"""Reads of computed traits and their values. No writes here."""
from __future__ import annotations

from django.http import Http404

from audiences.models import ComputedTrait, ComputedValue


def trait_list():
    return ComputedTrait.objects.order_by("key")


def trait_get(key: str) -> ComputedTrait:
    trait = ComputedTrait.objects.filter(key=key).first()
    if trait is None:
        raise Http404(f"no computed trait {key!r}")
    return trait


def values_for_contact(contact_id: int) -> dict:
    """{key: value} of every computed value the contact has (user traits, RFM, lifecycle)."""
    return dict(ComputedValue.objects.filter(contact_id=contact_id).order_by("key").values_list("key", "value"))


def value_of(contact_id: int, key: str):
    return ComputedValue.objects.filter(contact_id=contact_id, key=key).values_list("value", flat=True).first()
