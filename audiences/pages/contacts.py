"""`/contacts/`: find contacts by userId, email, phone, a trait, a computed trait or a segment; keyset
pages of 50. Viewers see addresses masked (core.masking), as on every contact page."""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audiences.pages.search import BadSearch, SearchForm, search_page
from core.masking import must_mask
from core.permissions import role_page


@role_page("contacts")
def contact_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm.from_query(request.GET)
    rows, next_before, error = [], None, None
    try:
        rows, next_before = search_page(form, request.GET.get("before", ""), masked=must_mask(request.user))
    except BadSearch as exc:
        error = f"{exc.field}: {exc.message}"
    params = form.as_params()
    return render(request, "audiences/contacts.html", {
        "form": form, "rows": rows, "error": error,
        "next_url": f"?{urlencode([*params, ('before', next_before)])}" if next_before else None,
        "first_url": f"?{urlencode(params)}" if request.GET.get("before") else None,
    })
