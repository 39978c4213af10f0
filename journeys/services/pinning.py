"""Templates are pinned: approval freezes the content of every template a version uses into it, so a live
version sends exactly what was approved and a template edit reaches only versions approved afterwards."""
from __future__ import annotations

from core.errors import Conflict
from journeys.graph.template_refs import template_slugs
from journeys.models import JourneyVersion
from journeys.selectors.templates import template_contents


def freeze_templates(version: JourneyVersion) -> list[str]:
    """Set `version.templates` to its templates' content now (the caller saves it); the slugs frozen.

    Locks the template rows: a delete waits until the approval commits, then finds the version using them.
    """
    slugs = template_slugs(version.graph)
    contents = template_contents(slugs, lock=True)
    missing = [slug for slug in slugs if slug not in contents]
    if missing:
        raise Conflict(f"version {version.number} sends template(s) that no longer exist: {', '.join(missing)}; "
                       "change those steps first", field="templates")
    version.templates = contents
    return slugs
