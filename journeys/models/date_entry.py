from django.db import models

from journeys.models.contact import Contact
from journeys.models.enrollment import Enrollment
from journeys.models.journey import Journey


class DateEntry(models.Model):
    """One occurrence of a date trigger (birthday, schedule) for one contact: the row that makes it happen once.

    Written in the transaction that enters the contact; a second scheduler inserting the same
    (journey, contact, occurrence) hits the unique constraint and does nothing. A contact that could not
    enter (re-entry rule, a trait that is not a date) keeps the row with the reason: the journey's entry log.
    """

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="date_entries")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=100)  # the trigger node id
    occurrence = models.CharField(max_length=40)  # the local date it is for, "2027-02-06"
    enrollment = models.ForeignKey(Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    skipped_reason = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "contact", "trigger", "occurrence"],
                                    name="date_entry_once_per_occurrence"),
        ]
        indexes = [models.Index(fields=["journey", "created_at"], name="date_entry_journey_time")]


class TestRun(models.Model):
    """A test send: the draft run for real for one contact, waits shortened, messages only to `address`."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="test_runs")
    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="test_run")
    to = models.CharField(max_length=320, blank=True, default="")  # the `to` asked for; "" = the configured list
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
