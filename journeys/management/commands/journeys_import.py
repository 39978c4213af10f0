import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from journeys.graph.spec import SpecError
from journeys.services import journeys as journey_services
from journeys.services.validation import journey_validate
from core.errors import ServiceError


class Command(BaseCommand):
    help = "Create a journey from a schema-1 JSON file (carrying its own \"name\"). Prints the new id."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON file, or - for standard input")
        parser.add_argument("--name", help="override the name in the file")

    def handle(self, *args, file, name=None, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not JSON: {exc}") from None
        try:
            journey = journey_services.journey_import(data, name=name)
        except SpecError as exc:
            raise CommandError(f"{file}: {exc}") from None
        except ServiceError as exc:
            raise CommandError(f"{file}: {exc.field + ': ' if exc.field else ''}{exc.message}") from None
        graph = journey_services.parse_graph(journey_services.journey_export(journey))
        issues = journey_validate(graph)
        errors = [i for i in issues if i.severity == "error"]
        self.stderr.write(f"Imported {journey.name!r} as journey {journey.pk} (draft v1): "
                          f"{len(errors)} error(s), {len(issues) - len(errors)} warning(s).")
        for issue in issues:
            self.stderr.write(f"  {issue.severity}: [{issue.node or '-'}] {issue.code}: {issue.message}")
        self.stdout.write(str(journey.pk))
