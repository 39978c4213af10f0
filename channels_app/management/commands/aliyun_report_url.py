"""Print the SmsReport push URL to enter in Aliyun's SMS console (it carries the verifying token)."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from channels_app import conf
from channels_app.providers.aliyun_sms import report_url


class Command(BaseCommand):
    help = "The delivery-report URL for Aliyun's console (HTTP batch push, SmsReport)."

    def handle(self, *args, **options):
        secret = conf.aliyun_access_key_secret()
        if not secret:
            raise CommandError("ALIYUN_ACCESS_KEY_SECRET is not set: the URL's token is derived from it")
        self.stdout.write(report_url(settings.PUBLIC_BASE_URL, secret))
