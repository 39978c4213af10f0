from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = "Journeys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journeys import checks  # noqa: F401  (registers the system checks)
        from journeys.api import openapi  # noqa: F401  (registers the schema's auth descriptions)
