"""OpenAPI descriptions of our own authentication classes (drf-spectacular cannot guess them)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class WriteKeyScheme(OpenApiAuthenticationExtension):
    target_class = "journeys.api.auth.WriteKeyAuthentication"
    name = "writeKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token wk_…`, a write key from /settings/keys, or Segment-style Basic with the "
                               "write key as the username. Accepted by identify, track and batch only (else 403)."}


class UserTokenBasicScheme(OpenApiAuthenticationExtension):
    target_class = "journeys.api.auth.UserTokenBasicAuthentication"
    name = "segmentBasic"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic",
                "description": "Segment-style: the API key as the username, an empty password."}
