"""Server-rendered pages around the editor. Thin: read through selectors, render."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from journeys import selectors
from journeys.api.views.journeys import journey_payload


@login_required
def journey_list(request):
    search = request.GET.get("q", "").strip()
    journeys = [journey_payload(j) for j in selectors.journey_list(search=search)[:200]]
    return render(request, "journeys/list.html", {"journeys": journeys, "search": search})
