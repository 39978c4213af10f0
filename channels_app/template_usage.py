"""Reads for the `/templates/` pages: the templates listed, where each one is used, and its history with diffs.

Journeys name templates by slug in their send nodes; a broadcast names one template. A journey counts while
one of its versions that is not archived sends the template (its draft included), so the list also says what an
edit of a draft would touch. Broadcasts are read by model name: nothing but health may import that app.
"""
from __future__ import annotations

import json

from django.apps import apps
from django.db.models import Q, QuerySet

from channels_app.models import TEMPLATE_CONTENT_FIELDS, MessageTemplate, TemplateRevision
from journeys.interface import JourneyKind, JourneyVersion, template_slugs

# The fields of a revision's diff, in the order the editor shows them.
DIFF_FIELDS = ("name", "channel", *TEMPLATE_CONTENT_FIELDS)


def templates_listed(*, channel: str = "", query: str = "") -> QuerySet[MessageTemplate]:
    templates = MessageTemplate.objects.order_by("slug")
    if channel:
        templates = templates.filter(channel=channel)
    if query.strip():
        templates = templates.filter(Q(slug__icontains=query.strip()) | Q(name__icontains=query.strip()))
    return templates


def template_usage(slugs) -> dict[str, dict[str, list[dict]]]:
    """slug -> {"journeys": [{"id", "name", "status"}], "broadcasts": [{"id", "name", "status"}]}."""
    wanted = set(slugs)
    usage = {slug: {"journeys": [], "broadcasts": []} for slug in wanted}
    if not wanted:
        return usage
    seen: set[tuple[str, int]] = set()
    versions = (JourneyVersion.objects.exclude(status="archived").exclude(journey__status="archived")
                .filter(journey__kind=JourneyKind.JOURNEY).order_by("journey__name", "journey_id")
                .values_list("journey_id", "journey__name", "journey__status", "graph"))
    for journey_id, name, status, graph in versions.iterator(chunk_size=500):
        for slug in wanted.intersection(template_slugs(graph)):
            if (slug, journey_id) not in seen:
                seen.add((slug, journey_id))
                usage[slug]["journeys"].append({"id": journey_id, "name": name, "status": status})
    if apps.is_installed("broadcasts"):
        broadcasts = apps.get_model("broadcasts", "Broadcast").objects.filter(template__in=wanted).order_by("name")
        for row in broadcasts.values("id", "name", "status", "template"):
            usage[row["template"]]["broadcasts"].append({"id": row["id"], "name": row["name"],
                                                         "status": row["status"]})
    return usage


def revision_diff(revision: TemplateRevision) -> list[dict]:
    """Field by field, what this revision changed: `{"field", "before", "after"}` for each field that differs
    (a language variant's fields one by one, as `locales.zh-hans.body`)."""
    before, after = revision.before or {}, revision.content or {}
    changes = []
    for name in DIFF_FIELDS:
        if name == "locales":
            changes.extend(_locale_changes(before.get("locales") or {}, after.get("locales") or {}))
        elif (before.get(name) or "") != (after.get(name) or ""):
            changes.append({"field": name, "before": _shown(before.get(name)), "after": _shown(after.get(name))})
    return changes


def _shown(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value or ""


def _locale_changes(before: dict, after: dict) -> list[dict]:
    changes = []
    for code in sorted({*before, *after}):
        old, new = before.get(code) or {}, after.get(code) or {}
        for name in sorted({*old, *new}):
            if (old.get(name) or "") != (new.get(name) or ""):
                changes.append({"field": f"locales.{code}.{name}", "before": _shown(old.get(name)),
                                "after": _shown(new.get(name))})
    return changes


def template_history(slug: str, limit: int = 50) -> list[dict]:
    """The newest revisions first, each with who, when, what and its field-by-field diff."""
    revisions = TemplateRevision.objects.filter(slug=slug).select_related("author").order_by("-number")[:limit]
    return [{"number": r.number, "action": r.action, "created_at": r.created_at,
             "author": r.author.get_username() if r.author_id else "", "changes": revision_diff(r)}
            for r in revisions]
