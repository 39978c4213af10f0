from django.apps import AppConfig

# How often the scheduler looks for broadcasts due to start or done sending.
TICK_SECONDS = 5.0


class BroadcastsConfig(AppConfig):
    name = "broadcasts"
    verbose_name = "Broadcasts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Run by journeys' scheduler through core.periodic: journeys never imports broadcasts.
        from broadcasts.services.sending import broadcasts_tick
        from core import periodic

        periodic.register("broadcasts.tick", TICK_SECONDS, broadcasts_tick)
