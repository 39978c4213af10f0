"""Deployment settings (design §8), imported by journeys/settings.py: TLS, CSP, login throttling, in-app origins.

Every name is always defined; with HTTPS off the TLS ones hold Django's defaults.
"""
import os
from datetime import timedelta

from csp.constants import NONE, SELF, UNSAFE_INLINE

from journeys.env import env_bool, env_list

# HTTPS=1 behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips a client's own).
HTTPS = env_bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS  # nothing exempt: probes and provider webhooks reach us over TLS too
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF],
    "script-src": [SELF],  # no inline scripts: templates load static/js/*.js
    # React Flow places every node with a style attribute, and the pages carry <style> blocks.
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "connect-src": [SELF],  # ws(s):// to this host is added per request (journeys/csp.py)
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}}

# Per username and IP: a wrong password from elsewhere does not lock the owner out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N proxies (AXES_PROXY_COUNT) the client's address is in X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_PROXY_COUNT"]) if os.environ.get("AXES_PROXY_COUNT") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT
                                     else ("REMOTE_ADDR",))

# Origins of customers' sites that may open /ws/inapp/ and call the in-app inbox API (CORS).
# `*` allows any: the contact's signed token is the credential. Apps without an Origin may always connect.
INAPP_ALLOWED_ORIGINS = env_list("INAPP_ALLOWED_ORIGINS")
