# Alert rules, fired alerts, their history and minute claims, channel pauses (design section 11).

import django.db.models.deletion
import health.models.alerts
from django.conf import settings
from django.db import migrations, models


# The seed's three default rules (editable like any other): rates are fractions, change_pct is percent.
DEFAULT_RULES = [
    {"name": "Complaint rate up 30 % day on day", "metric": "complaint_rate", "scope": "workspace",
     "comparison": "change_pct", "thresholds": {"yellow": 30.0, "orange": None, "red": None}, "window_minutes": 1440},
    {"name": "Active share below 40 %", "metric": "active_share", "scope": "workspace", "comparison": "below",
     "thresholds": {"yellow": None, "orange": 0.4, "red": None}, "window_minutes": 43200},
    {"name": "Churn of the core users above 5 %", "metric": "churn_rate", "scope": {"segment": "core_users"},
     "comparison": "above", "thresholds": {"yellow": None, "orange": None, "red": 0.05}, "window_minutes": 1440},
]


def add_default_rules(apps, schema_editor):
    AlertRule = apps.get_model("health", "AlertRule")
    for rule in DEFAULT_RULES:
        AlertRule.objects.create(on_red="notify", notify=["inapp"], **rule)


def remove_default_rules(apps, schema_editor):
    apps.get_model("health", "AlertRule").objects.filter(name__in=[r["name"] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AlertRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('metric', models.CharField(max_length=40)),
                ('scope', models.JSONField(default=health.models.alerts.workspace_scope)),
                ('comparison', models.CharField(max_length=12)),
                ('thresholds', models.JSONField()),
                ('window_minutes', models.PositiveIntegerField(default=60)),
                ('on_red', models.CharField(default='notify', max_length=16)),
                ('notify', models.JSONField(blank=True, default=list)),
                ('enabled', models.BooleanField(default=True)),
                ('last_value', models.FloatField(blank=True, null=True)),
                ('last_evaluated_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.CharField(blank=True, default='', max_length=500)),
                ('last_note', models.CharField(blank=True, default='', max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='Alert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(max_length=8)),
                ('value', models.FloatField()),
                ('threshold', models.FloatField()),
                ('started_at', models.DateTimeField()),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('actions', models.JSONField(blank=True, default=list)),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='health.alertrule')),
            ],
            options={
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AlertLevelChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(max_length=12)),
                ('value', models.FloatField(blank=True, null=True)),
                ('at', models.DateTimeField()),
                ('alert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='health.alert')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ChannelPause',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(max_length=16, unique=True)),
                ('reason', models.CharField(max_length=300)),
                ('paused_at', models.DateTimeField()),
                ('alert', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='health.alert')),
            ],
        ),
        migrations.CreateModel(
            name='AlertEvaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('minute', models.DateTimeField()),
                ('value', models.FloatField(blank=True, null=True)),
                ('level', models.CharField(blank=True, default='', max_length=8)),
                ('error', models.CharField(blank=True, default='', max_length=500)),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='health.alertrule')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('rule', 'minute'), name='alert_evaluation_once_per_minute')],
            },
        ),
        migrations.AddConstraint(
            model_name='alert',
            constraint=models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('rule',), name='one_open_alert_per_rule'),
        ),
        migrations.RunPython(add_default_rules, remove_default_rules),
    ]
