import os

from django.core.management.base import BaseCommand

from journeys.services.demo import DEFAULT_DEMO_PASSWORD, DEMO_APPROVER, DEMO_CONTACT, DEMO_USER, demo_load


class Command(BaseCommand):
    help = ("Load the demo workspace (users, templates, journeys, a contact, shoppers with segments, RFM and "
            "lifecycle) and start the quick tour. Safe to rerun.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default=DEMO_USER)
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD") or None,
                            help="the demo users' password, also replacing an earlier one "
                                 f"(default: $DEMO_PASSWORD, else {DEFAULT_DEMO_PASSWORD!r} for new users)")
        parser.add_argument("--no-tour", action="store_true", help="do not send the demo contact into the quick tour")

    def handle(self, *args, username, password, no_tour, **options):
        demo = demo_load(username=username, password=password, start_tour=not no_tour)
        if password or demo.created_user:
            login = f"{demo.username} / {password or DEFAULT_DEMO_PASSWORD}"
        else:
            login = f"{demo.username} (password unchanged)"
        tour = demo.journey_ids[0]
        self.stdout.write(self.style.SUCCESS("Demo workspace ready."))
        self.stdout.write(f"  Log in at http://127.0.0.1:8000/accounts/login/ as {login}")
        self.stdout.write(f"  API token: {demo.token}   (Authorization: Token {demo.token}; "
                          f"the API, as {demo.username})")
        if demo.write_key:
            self.stdout.write(f"  Write key for SDKs: {demo.write_key}   (identify, track and batch only; "
                              "shown this once)")
        else:
            self.stdout.write(f"  Write key for SDKs: {demo.write_key_prefix}… (shown when it was created; "
                              "create another at http://127.0.0.1:8000/settings/keys)")
        self.stdout.write(f"  Journeys: {', '.join(str(i) for i in demo.journey_ids)}")
        self.stdout.write("  Audiences: 300 shoppers with a year of orders: http://127.0.0.1:8000/audiences/ "
                          "(segments), /audiences/rfm, /audiences/lifecycle, /contacts/")
        self.stdout.write(f"  Four eyes: a second user {DEMO_APPROVER} (same password) approves what {demo.username} "
                          "edits (and vice versa)")
        if not no_tour:
            self.stdout.write(f"  Watch {DEMO_CONTACT!r} move through journey {tour}: http://127.0.0.1:8000/journeys/{tour}/"
                              f"  or  GET /api/v1/journeys/{tour}/enrollments?userId={DEMO_CONTACT}")
