"""`/journeys/`: the journey list (search), and its forms: create an empty journey, import
a schema-1 JSON file (journeys/services/imports.py), or start one from a starter of the gallery
(journeys/starters/, journeys/services/starters.py)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import roles
from core.errors import Forbidden, ServiceError
from core.permissions import role_page
from journeys.graph.spec import SpecError
from journeys.selectors import journeys as journey_selectors
from journeys.services import imports as import_services
from journeys.selectors.starters import starter_list
from journeys.services import journeys as journey_services
from journeys.services.starters import journey_create_from_starter

LIST_LIMIT = 200


@role_page("journeys")
@require_http_methods(["GET", "POST"])
def journey_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create_or_import(request)
    search = request.GET.get("q", "").strip()
    journeys = list(journey_selectors.journey_list(search=search)[:LIST_LIMIT])
    return render(request, "journeys/list.html", {"journeys": journey_selectors.journey_list_rows(journeys),
                                                  "search": search,
                                                  "can_create": roles.has_role(request.user, roles.MARKETER),
                                                  "starters": starter_list(_starter_language())})


def _starter_language() -> str:
    """The starters carry English and Simplified Chinese texts; the page's active language picks one."""
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _create_or_import(request: HttpRequest) -> HttpResponse:
    """Either form; a refused one comes back to the list with a message, a created journey opens in the editor."""
    action = request.POST.get("action")
    try:
        if action == "create":
            journey = journey_services.journey_create(name=request.POST.get("name", ""), user=request.user)
        elif action == "template":
            journey = journey_create_from_starter(name=request.POST.get("name", ""),
                                                  key=request.POST.get("template", ""), user=request.user)
        elif action == "import":
            journey = import_services.journey_import_upload(request.FILES.get("file"), name=request.POST.get("name", ""),
                                                            user=request.user)
        else:
            raise ServiceError(_("unknown action"), field="action")
    except Forbidden as exc:
        return HttpResponseForbidden(exc.message)
    except SpecError as exc:
        messages.error(request, _("Not imported: %(reason)s") % {"reason": exc})
        return redirect("journey-list")
    except ServiceError as exc:
        messages.error(request, f"{exc.field + ': ' if exc.field else ''}{exc.message}")
        return redirect("journey-list")
    return redirect("journey-editor", journey_id=journey.pk)
