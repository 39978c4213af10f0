from django.db import models

KINDS = ("count", "sum", "avg", "min", "max", "first", "last", "days_since")
# The keys the product keeps itself (RFM, lifecycle): no user-defined trait may take them.
PRODUCT_KEYS = ("rfm_r", "rfm_f", "rfm_m", "rfm_score", "rfm_segment", "lifecycle_stage")


class ComputedTrait(models.Model):
    """A trait the product keeps per contact from their events (count, sum, … of an event property)."""

    key = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=[(k, k) for k in KINDS])
    event = models.CharField(max_length=200)
    property = models.CharField(max_length=200, blank=True, default="")
    where = models.JSONField(null=True, blank=True)  # a property condition on the event
    within_days = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class ComputedValue(models.Model):
    """One contact's value of one computed trait: user-defined keys, and the product's own
    (`rfm_r`, `rfm_f`, `rfm_m`, `rfm_score`, `rfm_segment`, `lifecycle_stage`)."""

    # No database-level foreign key: its check runs once per row at every commit that folds events (three rows
    # per event with three traits) and cost about as much as the rows themselves. Values are derived data,
    # written only for contacts whose events the same transaction holds locked, and deleting a contact through
    # Django still deletes them. No index of its own either: the unique (contact, key) index leads with it.
    contact = models.ForeignKey("journeys.Contact", on_delete=models.CASCADE, related_name="computed_values",
                                db_constraint=False, db_index=False)
    key = models.CharField(max_length=100)
    # What conditions (`{"computed": key}`), templates (`{{ computed.key }}`) and the API see.
    value = models.JSONField(null=True, blank=True)
    # Running aggregates that make incremental updates possible (sum and count for avg, the
    # last event's timestamp for days_since, …): the maintainer's bookkeeping, never shown.
    state = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "key"], name="computed_value_unique_per_contact")]
        # By key, for conditions on one computed trait over every contact (a segment preview reads one key's
        # values; without it that is a scan of every trait's rows). A fold pays one more index entry per new row.
        indexes = [models.Index(fields=["key", "contact"], name="computed_value_key_contact")]

    def __str__(self) -> str:
        return f"{self.key}={self.value!r} for {self.contact_id}"
