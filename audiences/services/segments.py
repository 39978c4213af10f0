"""Saved segments (design section 9): create, change, delete; a dynamic one is evaluated on save.

A condition is checked against the language (journeys/graph/condition_checks.py) and against what
exists: the segments and computed traits it names, and no segment may reach itself through
others (its membership would depend on itself).
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from audiences.models import ComputedTrait, Segment
from audiences.services.computed import RESERVED_KEYS
from audiences.services.membership import segment_evaluate, size_record
from core import clock
from core.errors import Conflict, InvalidInput
from journeys.graph.condition_checks import condition_errors
from journeys.graph.segment_refs import condition_refs
from journeys.interface import condition_problem_text, journeys_using_segment

EDITABLE = ("name", "description", "condition")


def known_computed_keys() -> set[str]:
    """Every key a `{"computed": key}` condition may name: the user's traits and the product's own."""
    return set(ComputedTrait.objects.values_list("key", flat=True)) | set(RESERVED_KEYS)


def known_segment_keys() -> set[str]:
    return set(Segment.objects.values_list("key", flat=True))


def condition_check(condition, key: str | None = None) -> None:
    """InvalidInput naming the spot for a bad condition, an unknown key, or a segment reaching itself."""
    problems = condition_errors(condition, "condition")
    if problems:
        path, message = problems[0]
        raise InvalidInput(f"{path}: {condition_problem_text(message)}", field=path)
    refs = condition_refs(condition)
    unknown = sorted(refs["segment"] - known_segment_keys())
    if unknown:
        raise InvalidInput("condition: " + gettext("segment %(key)s does not exist") % {"key": repr(unknown[0])},
                           field="condition")
    unknown = sorted(refs["computed"] - known_computed_keys())
    if unknown:
        raise InvalidInput("condition: " + gettext("computed trait %(key)s does not exist") % {"key": repr(unknown[0])},
                           field="condition")
    if key is not None and key in _reachable(refs["segment"]):
        raise InvalidInput("condition: " + gettext("segment %(key)s would depend on itself") % {"key": repr(key)},
                           field="condition")


def _reachable(keys: set[str]) -> set[str]:
    """The segments `keys` name, and those they name in turn."""
    conditions = dict(Segment.objects.filter(kind=Segment.DYNAMIC).values_list("key", "condition"))
    seen, todo = set(), list(keys)
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.add(key)
            todo.extend(condition_refs(conditions.get(key))["segment"])
    return seen


def _shape_check(kind: str, condition) -> None:
    if kind == Segment.DYNAMIC and condition is None:
        raise InvalidInput("condition: " + gettext("a dynamic segment needs a condition"), field="condition")
    if kind == Segment.STATIC and condition is not None:
        raise InvalidInput("condition: " + gettext("a static segment has members, not a condition"), field="condition")


def segment_create(*, key: str, name: str, kind: str = Segment.DYNAMIC, description: str = "", condition=None,
                   user=None) -> Segment:
    _shape_check(kind, condition)
    if condition is not None:
        condition_check(condition, key)
    now = clock.now()
    with transaction.atomic():
        if Segment.objects.filter(key=key).exists():
            raise Conflict("key: " + gettext("a segment %(key)s already exists") % {"key": repr(key)}, field="key")
        segment = Segment.objects.create(key=key, name=name or key, kind=kind, description=description,
                                         condition=condition, created_by=user if getattr(user, "pk", None) else None)
        if kind == Segment.DYNAMIC:
            segment_evaluate(segment, now)
        else:
            size_record(segment, now)
    return segment


def segment_update(segment: Segment, **changes) -> Segment:
    if "kind" in changes and changes["kind"] != segment.kind:
        raise InvalidInput("kind: " + gettext("a segment's kind cannot change; create another segment"), field="kind")
    condition = changes.get("condition", segment.condition)
    _shape_check(segment.kind, condition)
    if "condition" in changes and condition is not None:
        condition_check(condition, segment.key)
    with transaction.atomic():
        for name in EDITABLE:
            if name in changes:
                setattr(segment, name, changes[name] if name != "name" else (changes[name] or segment.key))
        segment.save()
        if "condition" in changes and segment.kind == Segment.DYNAMIC:
            segment_evaluate(segment, clock.now())
    return segment


def segment_delete(segment: Segment) -> None:
    """409 while a running journey or another segment still names it."""
    using = journeys_using_segment(segment.key)
    if using:
        names = ", ".join(repr(j["name"]) for j in using)
        raise Conflict(gettext("segment %(key)s is used by running journeys: %(names)s; archive them first")
                       % {"key": repr(segment.key), "names": names}, field="key")
    others = sorted(key for key, condition in Segment.objects.exclude(pk=segment.pk).values_list("key", "condition")
                    if segment.key in condition_refs(condition)["segment"])
    if others:
        raise Conflict(gettext("segment %(key)s is used by segments: %(others)s")
                       % {"key": repr(segment.key), "others": ", ".join(others)}, field="key")
    segment.delete()
