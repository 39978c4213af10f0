"""`/audiences/rfm` (the 5 × 5 recency × frequency heatmap and the eight segments) and
`/audiences/lifecycle` (the stage mix and the moves of the last 30 days)."""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audiences.pages import model_reads
from core.permissions import is_allowed, role_page


def _contacts_url(*pairs: tuple[str, object]) -> str:
    return "/contacts/?" + urlencode([("computed", f"{key}:{value}") for key, value in pairs])


@role_page("audience_models")
def rfm_page(request: HttpRequest) -> HttpResponse:
    overview = model_reads.rfm_overview()
    peak = max((cell["contacts"] for cell in overview["grid"]), default=0) or 1
    rows = []
    for r in range(5, 0, -1):  # recent at the top
        cells = []
        for f in range(1, 6):
            cell = overview["cells"].get((r, f), {"contacts": 0, "avg_monetary": None})
            cells.append({**cell, "r": r, "f": f, "heat": round(cell["contacts"] / peak, 3),
                          "url": _contacts_url(("rfm_r", r), ("rfm_f", f))})
        rows.append({"r": r, "cells": cells})
    segments = [{**s, "label": s["segment"].replace("_", " "), "url": _contacts_url(("rfm_segment", s["segment"]))}
                for s in overview["segments"]]
    return render(request, "audiences/rfm.html", {
        "rows": rows, "segments": segments, "config": overview["config"], "scored": overview["scored"],
        "can_edit": is_allowed(request.user, "audience_models", "PUT"),
    })


@role_page("audience_models")
def lifecycle_page(request: HttpRequest) -> HttpResponse:
    summary = model_reads.lifecycle_overview()
    total = sum(stage["contacts"] for stage in summary["stages"]) or 1
    stages = [{**stage, "share": round(100 * stage["contacts"] / total, 1),
               "url": _contacts_url(("lifecycle_stage", stage["stage"]))} for stage in summary["stages"]]
    return render(request, "audiences/lifecycle.html", {
        "stages": stages, "moves": summary["moves"], "config": summary["config"],
        "staged": any(stage["contacts"] for stage in stages),
        "can_edit": is_allowed(request.user, "audience_models", "PUT"),
    })
