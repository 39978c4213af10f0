"""Per-row fault isolation: an enrollment's interrupted runs are counted, an event or a launch says what failed."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0006_journeyversion_pinned_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="attempts",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="event",
            name="error",
            field=models.CharField(blank=True, db_default="", default="", max_length=500),
        ),
        migrations.AddField(
            model_name="launch",
            name="failed",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="launch",
            name="error",
            field=models.CharField(blank=True, db_default="", default="", max_length=300),
        ),
    ]
