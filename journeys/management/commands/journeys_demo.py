from django.core.management.base import BaseCommand

from journeys.services.demo import DEMO_CONTACT, demo_load


class Command(BaseCommand):
    help = "Load the demo workspace (user, templates, journeys, a contact) and start the quick tour. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo")
        parser.add_argument("--no-tour", action="store_true", help="do not send the demo contact into the quick tour")

    def handle(self, *args, username, password, no_tour, **options):
        demo = demo_load(username=username, password=password, start_tour=not no_tour)
        login = f"{demo.username} / {password}" if demo.created_user else f"{demo.username} (password unchanged)"
        tour = demo.journey_ids[0]
        self.stdout.write(self.style.SUCCESS("Demo workspace ready."))
        self.stdout.write(f"  Log in at http://127.0.0.1:8000/accounts/login/ as {login}")
        self.stdout.write(f"  API token: {demo.token}   (Authorization: Token {demo.token})")
        self.stdout.write(f"  Journeys: {', '.join(str(i) for i in demo.journey_ids)}")
        self.stdout.write("  Four eyes: a second user demo-approver / demo approves what demo edits (and vice versa)")
        if not no_tour:
            self.stdout.write(f"  Watch {DEMO_CONTACT!r} move through journey {tour}: http://127.0.0.1:8000/journeys/{tour}/"
                              f"  or  GET /api/v1/journeys/{tour}/enrollments?userId={DEMO_CONTACT}")
