from django.db import models

from journeys.models.contact import Contact, Event
from journeys.models.journey import Journey, JourneyVersion


class EnrollmentState(models.TextChoices):
    ACTIVE = "active"  # runnable now: an advance message is (or will be) on its way
    WAITING = "waiting"  # parked on a wait / wait_event until wake_at or a matching event
    COMPLETED = "completed"  # reached an exit node
    EXITED = "exited"  # left early: goal reached, on_capped=exit, archived, …
    FAILED = "failed"  # the graph could not be followed, or its run raised (exit_reason says why)


LIVE_STATES = (EnrollmentState.ACTIVE, EnrollmentState.WAITING)


class Enrollment(models.Model):
    """One contact's trip through one journey version. The database row is the truth."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="enrollments")
    version = models.ForeignKey(JourneyVersion, on_delete=models.PROTECT, related_name="enrollments")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="enrollments")
    state = models.CharField(max_length=16, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE)
    current_node = models.CharField(max_length=100)
    # When waiting: the port to follow on wake ("next" after a wait, "timeout" for wait_event);
    # a matching event switches it to "event". Empty: run current_node itself.
    resume_port = models.CharField(max_length=100, blank=True, default="")
    wake_at = models.DateTimeField(null=True, blank=True)
    waiting_for = models.CharField(max_length=200, blank=True, default="")  # wait_event's event name
    variants = models.JSONField(default=dict, blank=True)  # split node id -> variant key
    visits = models.JSONField(default=dict, blank=True)  # node id -> times entered (the Message key's visit)
    path = models.JSONField(default=list, blank=True)  # [[node id, ISO time], …]: the timeline
    context = models.JSONField(default=dict, blank=True)  # the triggering event's properties, for templates
    entered_at = models.DateTimeField()
    exited_at = models.DateTimeField(null=True, blank=True)
    converted_at = models.DateTimeField(null=True, blank=True)
    exit_reason = models.CharField(max_length=200, blank=True, default="")
    # Set when a worker or scheduler takes the row; a stale ACTIVE row is re-enqueued by the scheduler.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Runs that never finished (the worker was lost): set by the stale-active sweep, counted before each
    # lone retry, zeroed when a run commits. Past a bound the enrollment fails instead of looping.
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    # A test send (journeys/services/test_runs.py): waits shortened, sends only to test addresses, out of the stats.
    is_test = models.BooleanField(default=False, db_default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "contact"],
                condition=models.Q(state__in=["active", "waiting"], is_test=False),
                name="enrollment_one_live_per_journey_contact",
            ),
            models.UniqueConstraint(
                fields=["journey", "contact"],
                condition=models.Q(state__in=["active", "waiting"], is_test=True),
                name="enrollment_one_live_test_per_journey_contact",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "wake_at"], name="enrollment_due_waits"),
            models.Index(fields=["state", "claimed_at"], name="enrollment_stale_active"),
            models.Index(fields=["contact", "state"], name="enrollment_contact_state"),
            models.Index(fields=["version", "state", "current_node"], name="enrollment_node_counts"),
            models.Index(fields=["journey", "contact", "exited_at"], name="enrollment_reentry"),
        ]

    def __str__(self) -> str:
        return f"enrollment {self.pk}: {self.contact_id} in {self.journey_id} at {self.current_node} ({self.state})"


class NodeTally(models.Model):
    """Append-only counters (entered / exited per node), one row per node per advance batch.

    Appending instead of incrementing keeps concurrent workers off a shared hot row;
    stats sum them.
    """

    version = models.ForeignKey(JourneyVersion, on_delete=models.CASCADE, related_name="+")
    node = models.CharField(max_length=100)
    entered = models.PositiveIntegerField(default=0)
    exited = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["version", "node"], name="nodetally_version_node")]


class Conversion(models.Model):
    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="conversion")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="conversions")
    version = models.ForeignKey(JourneyVersion, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="conversions")
    event = models.ForeignKey(Event, null=True, on_delete=models.SET_NULL, related_name="+")
    event_name = models.CharField(max_length=200)
    variants = models.JSONField(default=dict, blank=True)
    message = models.ForeignKey("channels_app.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seconds_to_convert = models.FloatField()
    converted_at = models.DateTimeField()
    # The goal event's revenue property (settings.JOURNEYS_REVENUE_PROPERTY), when it carried a number.
    revenue = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["journey", "converted_at"], name="conversion_journey_time")]


class SegmentMembership(models.Model):
    """Who matches a segment trigger now, so that only a false → true change enrolls."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journey", "contact"], name="segment_membership_unique")]


class Launch(models.Model):
    """An audience launch: enroll every contact matching a condition, in batches, with progress."""

    class State(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="launches")
    version = models.ForeignKey(JourneyVersion, on_delete=models.CASCADE, related_name="+")
    condition = models.JSONField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.RUNNING)
    cursor = models.BigIntegerField(default=0)  # last contact id examined: a restart resumes here
    examined = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0, db_default=0)  # contacts whose check or entry raised: skipped
    error = models.CharField(max_length=300, blank=True, default="", db_default="")  # the last such error
    # Spreading (a broadcast's send_over_minutes): the n-th of `spread_count` contacts matched waits at the trigger
    # until spread_start + n / spread_count × spread_seconds, so sends go out evenly. 0 seconds: all at once.
    spread_start = models.DateTimeField(null=True, blank=True)
    spread_seconds = models.PositiveIntegerField(default=0, db_default=0)
    spread_count = models.PositiveIntegerField(default=0, db_default=0)
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
