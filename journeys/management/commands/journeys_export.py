import json

from django.core.management.base import BaseCommand, CommandError

from journeys.models import Journey
from journeys.services import journeys as journey_services


class Command(BaseCommand):
    help = "Write a journey as schema-1 JSON with its name (the draft, else the newest version)."

    def add_arguments(self, parser):
        parser.add_argument("journey_id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, journey_id, output=None, **options):
        journey = Journey.objects.filter(pk=journey_id).first()
        if journey is None:
            raise CommandError(f"journey {journey_id} does not exist")
        text = json.dumps(journey_services.journey_export(journey), indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote journey {journey_id} to {output}")
        else:
            self.stdout.write(text, ending="")
