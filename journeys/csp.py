"""The middleware that sends the Content-Security-Policy of every page (django-csp; the
policy is CONTENT_SECURITY_POLICY in journeys/deployment_settings.py), and the per-view relaxations.

Scripts come only from our own static files: no inline <script>, no inline event
handlers (templates/** load static/js/*.js instead; JSON boot data sits in
<script type="application/json">, which is data, not code, to CSP).
"""
from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost

# Redoc (/api/v1/redoc) builds its search index in a worker it starts from a blob: URL. Its web
# fonts and logo stay blocked (third-party hosts): it falls back to the system's fonts.
redoc_policy = csp_update({"worker-src": [SELF, "blob:"]})


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with this host's websocket URL in connect-src.

    CSP 3 lets 'self' cover ws(s) to the same host, but not every browser in use does;
    naming it keeps the live views working everywhere.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        socket = f"{'wss' if request.is_secure() else 'ws'}://{host}"
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", []), socket]
        parts.update = update
        return parts
