from django.apps import AppConfig


class ChannelsAppConfig(AppConfig):
    name = "channels_app"
    verbose_name = "Messaging channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from channels_app import checks  # noqa: F401 (registers the system checks)
