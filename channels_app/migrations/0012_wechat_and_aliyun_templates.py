"""The WeChat channel: template fields (WeChat's template_id and data, Aliyun's SMS template code) and the
shared WeChat access token."""
from django.db import migrations, models

CHANNELS = [("sms", "Sms"), ("email", "Email"), ("webhook", "Webhook"), ("inapp", "in-app"), ("wechat", "WeChat")]


class Migration(migrations.Migration):

    dependencies = [
        ("channels_app", "0011_message_channel_fallback"),
    ]

    operations = [
        migrations.AlterField(model_name="messagetemplate", name="channel",
                              field=models.CharField(choices=CHANNELS, max_length=16)),
        migrations.AlterField(model_name="message", name="channel",
                              field=models.CharField(choices=CHANNELS, max_length=16)),
        migrations.AddField(model_name="messagetemplate", name="template_id",
                            field=models.CharField(blank=True, default="", max_length=128)),
        migrations.AddField(model_name="messagetemplate", name="data",
                            field=models.JSONField(blank=True, default=dict)),
        migrations.AddField(model_name="messagetemplate", name="aliyun_template_code",
                            field=models.CharField(blank=True, default="", max_length=64)),
        migrations.CreateModel(
            name="WechatAccessToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("app_id", models.CharField(max_length=64, unique=True)),
                ("token", models.CharField(blank=True, default="", max_length=1024)),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                ("refreshing_until", models.DateTimeField(blank=True, null=True)),
            ],
        ),
    ]
