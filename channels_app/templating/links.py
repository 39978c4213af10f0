"""In-app links open inside the customer's app: only http(s), never `javascript:`, `data:` or the like.

Checked twice: at save (a literal link must be http(s); one that starts with a variable is
known only once rendered) and after rendering, where anything else is dropped.
"""
from __future__ import annotations

import re

_HTTP_URL = re.compile(r"https?://", re.IGNORECASE)
_STARTS_TEMPLATED = re.compile(r"\{[{%]")


def safe_link(value: str) -> str:
    """The link when it is an http(s) URL, else "" (the message then shows no link)."""
    link = (value or "").strip()
    return link if _HTTP_URL.match(link) else ""


def link_problem(source: str) -> str | None:
    """Why a template's `link` can never be a safe link, or None."""
    source = (source or "").strip()
    if not source or _STARTS_TEMPLATED.match(source) or _HTTP_URL.match(source):
        return None
    return "link must be an http:// or https:// URL"
