"""Importing a journey from an uploaded schema-1 JSON file (the import form of the journey list)."""
from __future__ import annotations

import json

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from core.errors import ServiceError
from journeys.models import Journey
from journeys.services.journeys import journey_import

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def journey_import_upload(upload: UploadedFile | None, *, name: str = "", user=None) -> Journey:
    """Create a journey from an uploaded file, in one transaction.

    The journey is called `name` when given, else by the file's own `name`, else after the
    file (without its extension). A missing, oversized or non-JSON file is a `ServiceError`
    on field `file`; a file that is not a schema-1 graph raises `SpecError`, a user who may
    not create journeys `Forbidden`.
    """
    if upload is None:
        raise ServiceError(gettext("choose a schema-1 JSON file to import"), field="file")
    if upload.size > MAX_IMPORT_BYTES:
        raise ServiceError(gettext("that file is larger than 2 MB"), field="file")
    try:
        data = json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(gettext("%(file)s is not JSON: %(error)s") % {"file": upload.name, "error": exc},
                           field="file") from exc
    except RecursionError:  # nested past the decoder's stack; journey_import checks the rest (graph_input)
        raise ServiceError(gettext("%(file)s is nested too deep to be a journey") % {"file": upload.name},
                           field="file") from None
    chosen = name.strip() or None
    if chosen is None and not (isinstance(data, dict) and data.get("name")):
        chosen = upload.name.rsplit(".", 1)[0]
    with transaction.atomic():
        return journey_import(data, user=user, name=chosen)
