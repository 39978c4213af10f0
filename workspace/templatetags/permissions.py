"""`{% if user|may_read:"write_keys" %}`: templates offer a link only to those the table lets in."""
from django import template

from core.permissions import is_allowed

register = template.Library()


@register.filter
def may_read(user, resource: str) -> bool:
    return bool(user and user.is_authenticated and is_allowed(user, resource, "GET"))
