from django.core.management.base import BaseCommand

from journeys.services.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo workspace (user, templates, journeys, a contact). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo")

    def handle(self, *args, username, password, **options):
        demo = demo_load(username=username, password=password)
        self.stdout.write(self.style.SUCCESS("Demo workspace ready."))
        self.stdout.write(f"  Log in at http://127.0.0.1:8000/accounts/login/ as {demo.username} / {password}")
        self.stdout.write(f"  API token: {demo.token}   (Authorization: Token {demo.token})")
        self.stdout.write(f"  Journeys: {', '.join(str(i) for i in demo.journey_ids)}")
