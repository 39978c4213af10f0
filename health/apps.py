import os

from django.apps import AppConfig

# How often the scheduler runs the evaluation (each rule still counts once a minute: the minute claim).
# Browser tests shorten it, so an alert raised in the back end reaches the badge within seconds.
INTERVAL_ENV = "JOURNEYS_ALERT_INTERVAL_SECONDS"


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "Health and alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Run by journeys' scheduler through core.periodic, and asked by channels_app before each delivery
        # batch through its pause hook: neither imports health.
        from channels_app.services import pauses
        from core import periodic
        from health.services import alert_actions, alert_evaluation

        periodic.register("health.alerts", float(os.environ.get(INTERVAL_ENV) or 60), alert_evaluation.evaluate_due)
        # The /health/ rollups fold in new events each minute; journey stats gain revenue, cost and ROI.
        from core import stats_extensions
        from health.metrics import roi
        from health.rollups import refresh

        periodic.register("health.rollups", 60, lambda now: refresh.refresh(now))
        stats_extensions.register("journey_stats", "health.roi", roi.add_journey_roi)
        pauses.register_source("health.alerts", alert_actions.paused_channels)
