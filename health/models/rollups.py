"""Rollups behind /health/ (design section 11): compact tables refreshed incrementally from new events.

Days are whole UTC days counted from 1970-01-01 (integers, so the same arithmetic runs on PostgreSQL and
SQLite); `week` is the day number of that week's Monday, `month` is year * 12 + month - 1.
health/rollups/refresh.py fills them; the metrics read only these tables, never the event log.
"""
from __future__ import annotations

from django.db import models


class RollupState(models.Model):
    """Where the refresh got to: the last event id folded in, and what the rollups were built for."""

    name = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    # The active events and revenue property the rollups were built with: a change rebuilds them.
    signature = models.CharField(max_length=2000, blank=True, default="")
    filled_to = models.IntegerField(default=-1)  # the last day DailyActivity holds
    refreshed_at = models.DateTimeField(null=True, blank=True)


class ActiveDay(models.Model):
    """A contact did a lifecycle active event on that day (one row per contact and day)."""

    day = models.IntegerField()
    week = models.IntegerField()
    month = models.IntegerField()
    contact_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "contact_id"], name="health_activeday_unique")]
        indexes = [models.Index(fields=["contact_id", "day"], name="health_activeday_contact")]


class FirstSeen(models.Model):
    """The day of a contact's earliest event: its cohort."""

    contact_id = models.BigIntegerField(primary_key=True)
    day = models.IntegerField()
    week = models.IntegerField(db_index=True)
    month = models.IntegerField(db_index=True)


class DailyActivity(models.Model):
    """DAU, and distinct active contacts in the 7 and 30 days ending that day."""

    day = models.IntegerField(primary_key=True)
    dau = models.IntegerField(default=0)
    wau = models.IntegerField(default=0)
    mau = models.IntegerField(default=0)


class RetentionCell(models.Model):
    """Contacts of a cohort (first seen in `cohort`) active in its `period`-th week or month (0: the cohort's own)."""

    grain = models.CharField(max_length=8)  # week | month
    cohort = models.IntegerField()
    period = models.IntegerField()
    active = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["grain", "cohort", "period"], name="health_retention_cell")]


class RevenueDay(models.Model):
    """Revenue (the events' revenue property, summed) of a contact on a day."""

    day = models.IntegerField()
    week = models.IntegerField()
    month = models.IntegerField()
    contact_id = models.BigIntegerField()
    revenue = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "contact_id"], name="health_revenueday_unique")]
