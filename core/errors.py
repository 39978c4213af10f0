"""Domain errors; the API maps them onto HTTP status codes (journeys/api/errors.py)."""


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ServiceError):
    status_code = 400


class NotFound(ServiceError):
    """What the request names (a version, a webhook template's secret) does not exist (404)."""

    status_code = 404


class Conflict(ServiceError):
    status_code = 409


class PreconditionFailed(ServiceError):
    status_code = 412


class ValidationFailed(Conflict):
    """The graph has validation errors; `issues` lists them (as dicts) for the client to pin."""

    def __init__(self, message: str, issues: list[dict]):
        super().__init__(message, field="draft")
        self.issues = issues


class Forbidden(ServiceError):
    """The user lacks the role, or four eyes forbids it (403)."""

    status_code = 403
