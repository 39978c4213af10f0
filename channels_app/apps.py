from django.apps import AppConfig


class ChannelsAppConfig(AppConfig):
    name = "channels_app"
    verbose_name = "Messaging channels"
    default_auto_field = "django.db.models.BigAutoField"
